"""Why a capture failed, and whether trying again later may help."""


class CaptureFailed(Exception):
    """A capture that did not succeed; the reason is recorded on the capture, in the user's words."""

    def __init__(self, reason: str, *, retry: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


class AddressRefused(CaptureFailed):
    """A URL the capture must not fetch (scheme, internal address): asking again changes nothing."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, retry=False)
