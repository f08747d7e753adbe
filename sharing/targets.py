"""Where a webhook may be sent (SSRF): https only, and never to a private, loopback,
link-local or otherwise non-public address unless WEBHOOKS_ALLOW_PRIVATE_TARGETS is on.

The name is resolved when a department subscribes and again at every delivery, and the
connection goes to the address just checked, so a name that later resolves to an inner
address (DNS rebinding) is refused at that delivery.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import DomainError


class TargetRefusedError(DomainError):
    """A URL the portal will not deliver to."""

    http_status = 400
    code = "invalid_target"


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str  # the checked address the connection goes to


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def target_check(url: str) -> Target:
    """The URL's target with the address to connect to; TargetRefusedError with the reason."""
    allow_private = settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise TargetRefusedError(_("The URL is not valid.")) from error
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in schemes:
        raise TargetRefusedError(_("The URL must use https."))
    if not parts.hostname:
        raise TargetRefusedError(_("The URL has no host."))
    if parts.username or parts.password:
        # Credentials in a URL end up in logs; the signature authenticates the portal instead.
        raise TargetRefusedError(_("The URL must not carry a user name or password."))
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise TargetRefusedError(_("The URL's host does not resolve.")) from error
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise TargetRefusedError(_("The URL's host does not resolve."))
    if not allow_private and not all(_public(a) for a in addresses):
        raise TargetRefusedError(
            _("The URL's host resolves to a private, loopback or link-local address.")
        )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, parts.hostname, port, path, addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        self._context = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self._context)
        self._address = target.address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the host name, not the address connected to.
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


@dataclass(frozen=True)
class Outcome:
    status: int | None  # the HTTP status, None when no answer came
    latency_ms: int
    error: str

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def target_post(url: str, *, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST once, checking the target again first; redirects are not followed."""
    started = time.monotonic()
    try:
        target = target_check(url)
    except TargetRefusedError as refused:
        return Outcome(None, 0, refused.message[:200])
    timeout = float(settings.WEBHOOKS_TIMEOUT_SECONDS)
    connection: http.client.HTTPConnection = (
        _PinnedHTTPSConnection(target, timeout)
        if target.scheme == "https"
        else _PinnedHTTPConnection(target, timeout)
    )
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(65536)  # the answer's body is not kept
        status = response.status
        error = "" if 200 <= status < 300 else f"HTTP {status}"
    except (OSError, http.client.HTTPException) as failure:
        status, error = None, f"{type(failure).__name__}: {failure}"[:200]
    finally:
        connection.close()
    return Outcome(status, int((time.monotonic() - started) * 1000), error)
