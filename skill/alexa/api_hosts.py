"""Where a request's Alexa API access token may be sent: Amazon's Alexa API hosts, nowhere else.

A request names its ``apiEndpoint``; the skill sends the request's bearer token there (the
Settings API now, the Reminders API later). A forged or tampered envelope could name any host,
so the endpoint is checked against Amazon's three regional hosts before anything is sent, and
redirects are never followed (they could carry the token elsewhere). Loopback addresses, for
local fakes of the API, are allowed only when a caller asks for it explicitly (tests).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import urllib.request

#: Amazon's Alexa API endpoints: North America, Europe, Far East.
ALEXA_API_HOSTS: Final = frozenset(
    {"api.amazonalexa.com", "api.eu.amazonalexa.com", "api.fe.amazonalexa.com"}
)
LOOPBACK_HOSTS: Final = frozenset({"127.0.0.1", "localhost", "::1"})


@lru_cache(maxsize=64)  # a turn asks for each request; Alexa sends one of a few endpoints
def alexa_api_base(api_endpoint: str | None, *, allow_loopback: bool = False) -> str | None:
    """The base URL to call (``https://host``), or None when the token must not go there.

    Accepted: https, one of :data:`ALEXA_API_HOSTS` (any case), port 443 or none, no user
    info, no path beyond ``/``, no query or fragment. With ``allow_loopback``, also http or
    https to a loopback address on any port.
    """
    if not api_endpoint or not api_endpoint.isascii() or not api_endpoint.isprintable():
        return None
    try:
        parts = urlsplit(api_endpoint.strip())
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.username is not None or parts.password is not None:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return None
    if parts.scheme == "https" and host in ALEXA_API_HOSTS and port in (None, 443):
        return f"https://{host}"
    if allow_loopback and host in LOOPBACK_HOSTS and parts.scheme in ("http", "https"):
        netloc = f"[{host}]" if ":" in host else host
        return f"{parts.scheme}://{netloc}" + (f":{port}" if port is not None else "")
    return None


def no_redirect_opener() -> urllib.request.OpenerDirector:
    """A urllib opener that treats every redirect as an error (never re-sends the token)."""
    import urllib.request  # on first use only: it costs a cold start ~30 ms

    class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *_args: object, **_kwargs: object) -> None:
            return None  # urllib then raises HTTPError with the 3xx status

    return urllib.request.build_opener(_RefuseRedirects())
