"""Standard Webhooks signing (the maintained `standardwebhooks` package): a whsec_ secret per
subscription, the webhook-id / webhook-timestamp / webhook-signature headers and the body."""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
from typing import Any

from standardwebhooks import Webhook

SECRET_BYTES = 32  # 256-bit HMAC-SHA256 key


def secret_new() -> str:
    """A new secret in the whsec_ form receivers pass to their Standard Webhooks library."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def payload(*, event_type: str, at: dt.datetime, data: dict[str, Any]) -> bytes:
    """The body: {type, timestamp, data}."""
    body = {"type": event_type, "timestamp": at.astimezone(dt.UTC).isoformat(), "data": data}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def signed_headers(
    *, secret: str, message_id: str, sent_at: dt.datetime, body: bytes
) -> dict[str, str]:
    """The three Standard Webhooks headers for this attempt (the timestamp is the attempt's)."""
    utc = sent_at.astimezone(dt.UTC)
    signature = Webhook(secret).sign(msg_id=message_id, timestamp=utc, data=body.decode())
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(utc.timestamp())),
        "webhook-signature": signature,
        "content-type": "application/json",
        "user-agent": "quality-credit-portal-webhooks",
    }
