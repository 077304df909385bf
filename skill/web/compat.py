"""Import flask-ask-sdk's ``SkillAdapter`` on machines where the SDK cannot be imported as shipped.

Why this exists
---------------
``flask_ask_sdk.skill_adapter`` imports ``ask_sdk_webservice_support.verifier``, which imports
``certvalidator``, which imports ``oscrypto``. oscrypto 1.3.0 (the latest release) finds the
version of libcrypto with a regular expression that only accepts one-digit components, so on
OpenSSL 3.0.10 and later ("3.0.19" on current Debian and Ubuntu) the import chain ends in
``oscrypto.errors.LibraryNotFoundError: Error detecting the version of libcrypto`` and the
adapter cannot even be imported.

``certvalidator`` is used only by the SDK's own ``RequestVerifier``, to check the certificate
chain of a request. We never use that verifier: the Flask app disables it
(``ASK_SDK_VERIFY_SIGNATURE = False``) and runs :class:`skill.web.verification.RequestVerifier`
instead, which checks the chain with ``cryptography.x509.verification``. So the fix does not
patch oscrypto or pretend to validate anything:

1. Try the real import. Where oscrypto works, nothing else happens.
2. If it fails because of oscrypto's ``LibraryNotFoundError`` or because ``certvalidator``
   cannot be imported, remove the half-imported ``oscrypto``, ``certvalidator`` and SDK
   verifier modules from ``sys.modules``.
3. Register a minimal stand-in ``certvalidator`` package (with ``certvalidator.errors``). It
   has the names the SDK imports; its ``CertificateValidator`` raises ``RuntimeError`` as soon
   as anyone creates one, so a misconfigured app that leaves the SDK's verifier switched on
   fails closed (no request is ever accepted by it) instead of silently skipping the check.
4. Import again.

Any other import error (Flask missing, a different oscrypto problem …) is raised unchanged.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Final, NoReturn

__all__ = [
    "STAND_IN_ATTRIBUTE",
    "import_skill_adapter",
    "import_verification_exception",
    "uses_certvalidator_stand_in",
]

#: Attribute set to ``True`` on the stand-in ``certvalidator`` module.
STAND_IN_ATTRIBUTE: Final = "__heart_to_heart_stand_in__"

_ADAPTER_MODULE: Final = "flask_ask_sdk.skill_adapter"
_PURGED_PREFIXES: Final = (
    "oscrypto",
    "certvalidator",
    "ask_sdk_webservice_support.verifier",
    "ask_sdk_webservice_support.webservice_handler",
    "flask_ask_sdk.skill_adapter",
)
_REFUSAL: Final = (
    "certvalidator is a stand-in installed by skill.web.compat because oscrypto cannot load "
    "this machine's libcrypto; the ASK SDK's own RequestVerifier cannot run here. Set "
    "ASK_SDK_VERIFY_SIGNATURE = False and verify requests with skill.web.verification."
)


def import_skill_adapter() -> type:
    """Return ``flask_ask_sdk.skill_adapter.SkillAdapter``, working around the oscrypto failure."""
    try:
        module = importlib.import_module(_ADAPTER_MODULE)
    except Exception as exc:
        if not _is_certvalidator_failure(exc):
            raise
        _purge_half_imported_modules()
        _install_certvalidator_stand_in()
        module = importlib.import_module(_ADAPTER_MODULE)
    adapter = getattr(module, "SkillAdapter", None)
    if not isinstance(adapter, type):
        raise ImportError(f"{_ADAPTER_MODULE}.SkillAdapter is not a class")
    return adapter


def import_verification_exception() -> type[Exception]:
    """The SDK's ``VerificationException``: a verifier raising it makes the adapter answer 400."""
    import_skill_adapter()  # imports the SDK's verifier module, with the stand-in if needed
    module = importlib.import_module("ask_sdk_webservice_support.verifier")
    exception = getattr(module, "VerificationException", None)
    if not (isinstance(exception, type) and issubclass(exception, Exception)):
        raise ImportError("ask_sdk_webservice_support.verifier.VerificationException is missing")
    return exception


def uses_certvalidator_stand_in() -> bool:
    """True when the stand-in ``certvalidator`` is the one registered in ``sys.modules``."""
    module = sys.modules.get("certvalidator")
    return bool(getattr(module, STAND_IN_ATTRIBUTE, False))


def _is_certvalidator_failure(exc: BaseException) -> bool:
    """Whether ``exc`` (or an exception it was raised from) is the known import problem."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        if kind.__name__ == "LibraryNotFoundError" and kind.__module__.startswith("oscrypto"):
            return True
        if isinstance(current, ImportError) and (current.name or "").split(".")[0] in {
            "certvalidator",
            "oscrypto",
        }:
            return True
        current = current.__cause__ or current.__context__
    return False


def _purge_half_imported_modules() -> None:
    for name in list(sys.modules):
        if any(name == prefix or name.startswith(prefix + ".") for prefix in _PURGED_PREFIXES):
            del sys.modules[name]


def _refuse(*_args: object, **_kwargs: object) -> NoReturn:
    raise RuntimeError(_REFUSAL)


class _RefusingCertificateValidator:
    """Stand-in for ``certvalidator.CertificateValidator``: refuses to be used at all."""

    def __init__(self, *_args: object, **_kwargs: object) -> None:
        _refuse()

    def validate_usage(self, *_args: object, **_kwargs: object) -> NoReturn:
        _refuse()

    def validate_tls(self, *_args: object, **_kwargs: object) -> NoReturn:
        _refuse()


def _install_certvalidator_stand_in() -> None:
    errors = types.ModuleType("certvalidator.errors", "Stand-in exception types.")
    path_error = type("PathError", (Exception,), {"__module__": errors.__name__})
    errors.PathError = path_error  # type: ignore[attr-defined]
    errors.PathBuildingError = type(  # type: ignore[attr-defined]
        "PathBuildingError", (path_error,), {"__module__": errors.__name__}
    )
    errors.ValidationError = type(  # type: ignore[attr-defined]
        "ValidationError", (Exception,), {"__module__": errors.__name__}
    )
    errors.InvalidCertificateError = type(  # type: ignore[attr-defined]
        "InvalidCertificateError", (errors.ValidationError,), {"__module__": errors.__name__}
    )

    package = types.ModuleType("certvalidator", _REFUSAL)
    package.__path__ = []
    package.CertificateValidator = _RefusingCertificateValidator  # type: ignore[attr-defined]
    package.ValidationContext = _refuse  # type: ignore[attr-defined]
    package.ValidationError = errors.ValidationError  # type: ignore[attr-defined]
    package.errors = errors  # type: ignore[attr-defined]
    setattr(package, STAND_IN_ATTRIBUTE, True)
    setattr(errors, STAND_IN_ATTRIBUTE, True)

    sys.modules["certvalidator.errors"] = errors
    sys.modules["certvalidator"] = package
