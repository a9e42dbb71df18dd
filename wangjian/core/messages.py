"""Showing a refused action's reasons on the next page."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def show_error(request, error) -> None:
    """Put an action's refusal (all of a ValidationError's messages) in the message bar."""
    text = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
    messages.error(request, text)
