"""One error hierarchy for everything the client can raise.

The UI and the CLI catch :class:`IoTError` and never see a raw httpx exception. No error text
ever contains the API key: messages are built from the operation, the status and the server's
``{"error": {"code", "desc"}}`` body only.
"""

from __future__ import annotations


class IoTError(Exception):
    """Base of every iottui client error."""

    def __init__(self, message: str, *, operation: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.operation = operation

    def __str__(self) -> str:
        if self.operation:
            return f"{self.operation}: {self.message}"
        return self.message


class ValidationError(IoTError, ValueError):
    """A request was refused before any I/O because an argument is invalid.

    Attributes:
        field: The name of the offending argument or payload field, when there is one.
    """

    def __init__(
        self, message: str, *, field: str | None = None, operation: str | None = None
    ) -> None:
        super().__init__(message, operation=operation)
        self.field = field


class APIKeyError(ValidationError):
    """The API key cannot be used: empty, with control characters, or not ASCII.

    Raised by :class:`~iottui.api.client.IoTClient` when it is built, before any I/O (an HTTP
    header carries only ASCII). A configuration error: the CLI exits 2. The message names
    the position of the first offending character, never the key.
    """


class InsecureURLError(IoTError, ValueError):
    """``http://`` to a host that is not loopback: the API key would travel in clear."""


class APIConnectionError(IoTError):
    """The server could not be reached (DNS, refused, reset, dropped)."""


class APITimeoutError(APIConnectionError):
    """The request timed out. For a POST, the server may or may not have applied it."""


class DeadlineExceededError(APITimeoutError):
    """The whole request (connect, headers, body) took longer than the client's deadline.

    A server that trickles its answer (a byte a second) never trips the per-read timeout;
    this bounds the total. Not retried: the same server would trickle again. For a POST,
    the change may or may not have been applied.
    """


class ResponseTooLargeError(IoTError):
    """The answer is larger than the client's ``max_response_bytes``; reading stopped there.

    Attributes:
        limit: The limit in bytes.
        received: Bytes read before stopping (or the announced ``Content-Length``).
    """

    def __init__(
        self, message: str, *, limit: int, received: int, operation: str | None = None
    ) -> None:
        super().__init__(message, operation=operation)
        self.limit = limit
        self.received = received


class ResponseFormatError(IoTError):
    """The server answered 2xx but the body is not what the operation documents.

    Attributes:
        field: The dotted path of the missing or mistyped field (``"data[3].devices[0].id"``).
    """

    def __init__(
        self, message: str, *, operation: str | None = None, field: str | None = None
    ) -> None:
        super().__init__(message, operation=operation)
        self.field = field


class APIError(IoTError):
    """The server answered with an error.

    Attributes:
        status: The HTTP status code.
        code: The server's error code (a string, e.g. ``"11"``), if the body had one.
        desc: The server's error description, if the body had one.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int,
        code: str | None = None,
        desc: str | None = None,
        operation: str | None = None,
    ) -> None:
        super().__init__(message, operation=operation)
        self.status = status
        self.code = code
        self.desc = desc


class BadRequestError(APIError):
    """HTTP 400 (or another 4xx not mapped below): the server refused the request."""


class AuthenticationError(APIError):
    """HTTP 401/403: the API key is missing, wrong or lacks the permission."""


class NotFoundError(APIError):
    """HTTP 404: the path or the object does not exist."""


class RateLimitError(APIError):
    """HTTP 429. ``retry_after`` is the server's ``Retry-After`` in seconds, if given."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 429,
        code: str | None = None,
        desc: str | None = None,
        operation: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, status=status, code=code, desc=desc, operation=operation)
        self.retry_after = retry_after


class ServerError(APIError):
    """HTTP 5xx."""
