"""The standard way: the hello world plus ask-sdk's DynamoDbAdapter, as the samples do it.

On a LaunchRequest it reads the user's persistent attributes (one GetItem through a boto3
DynamoDB *resource*) and greets by visit count; TonightsQuestionIntent reads them, picks a
question and saves them (one GetItem, one PutItem), as a one-shot question with memory would.
The resource is built at import time, as `DynamoDbAdapter`'s own default argument and the
samples do; region, endpoint and credentials come from the environment (AWS_REGION,
AWS_ENDPOINT_URL_DYNAMODB, ...). Table: STANDARD_TABLE_NAME, partition key `id` (the adapter's
defaults).
"""

from __future__ import annotations

import os
from typing import Any

import boto3
from ask_sdk_core.dispatch_components.exception_components import AbstractExceptionHandler
from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_core.utils.predicate import is_intent_name, is_request_type
from ask_sdk_dynamodb.adapter import DynamoDbAdapter
from ask_sdk_model.response import Response

HELP = "You can say hello to me. How can I help?"
QUESTIONS = (
    "What made you smile today?",
    "What is one thing you would like to do together this weekend?",
    "What are you looking forward to this week?",
)

dynamodb = boto3.resource("dynamodb")
adapter = DynamoDbAdapter(
    table_name=os.environ["STANDARD_TABLE_NAME"], create_table=False, dynamodb_resource=dynamodb
)


class LaunchRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("LaunchRequest")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        attributes = handler_input.attributes_manager.persistent_attributes
        visits = int(str(attributes.get("visits", 0)))
        speech = f"Welcome back to hello world. This is visit {visits + 1}. Say help to hear more."
        return handler_input.response_builder.speak(speech).ask(speech).response


class HelpIntentHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_intent_name("AMAZON.HelpIntent")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        return handler_input.response_builder.speak(HELP).ask(HELP).response


class TonightsQuestionHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_intent_name("TonightsQuestionIntent")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        manager = handler_input.attributes_manager
        attributes = manager.persistent_attributes
        visits = int(str(attributes.get("visits", 0)))
        question = QUESTIONS[visits % len(QUESTIONS)]
        attributes["lastQuestion"] = question
        manager.save_persistent_attributes()
        speech = f"Here is tonight's question: {question} Good night."
        return handler_input.response_builder.speak(speech).set_should_end_session(True).response


class CatchAllExceptionHandler(AbstractExceptionHandler):
    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        speech = "Sorry, I had trouble doing what you asked. Please try again."
        return handler_input.response_builder.speak(speech).ask(speech).response


sb = CustomSkillBuilder(persistence_adapter=adapter)
sb.add_request_handler(LaunchRequestHandler())
sb.add_request_handler(HelpIntentHandler())
sb.add_request_handler(TonightsQuestionHandler())
sb.add_exception_handler(CatchAllExceptionHandler())

handler: Any = sb.lambda_handler()
