"""The baseline: a bare ask-sdk-core "hello world" (LaunchRequest, AMAZON.HelpIntent, and a
fixed one-shot question for TonightsQuestionIntent).

Written as the ask-sdk samples write it: a `SkillBuilder`, one handler per request, a catch-all
exception handler, and `sb.lambda_handler()` as the Lambda entry point. No storage, no models
of our own. Any other intent gets the catch-all's answer, as in the samples.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_core.dispatch_components.exception_components import AbstractExceptionHandler
from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils.predicate import is_intent_name, is_request_type
from ask_sdk_model.response import Response

WELCOME = "Welcome to hello world. Say help to hear more."
HELP = "You can say hello to me. How can I help?"
QUESTION = "Here is tonight's question: what made you smile today? Good night."


class LaunchRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("LaunchRequest")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        return handler_input.response_builder.speak(WELCOME).ask(WELCOME).response


class HelpIntentHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_intent_name("AMAZON.HelpIntent")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        return handler_input.response_builder.speak(HELP).ask(HELP).response


class TonightsQuestionHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_intent_name("TonightsQuestionIntent")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        return handler_input.response_builder.speak(QUESTION).set_should_end_session(True).response


class CatchAllExceptionHandler(AbstractExceptionHandler):
    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        speech = "Sorry, I had trouble doing what you asked. Please try again."
        return handler_input.response_builder.speak(speech).ask(speech).response


sb = SkillBuilder()
sb.add_request_handler(LaunchRequestHandler())
sb.add_request_handler(HelpIntentHandler())
sb.add_request_handler(TonightsQuestionHandler())
sb.add_exception_handler(CatchAllExceptionHandler())

handler: Any = sb.lambda_handler()
