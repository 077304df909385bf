"""The terminal chat: typed utterances become real Alexa request envelopes."""
