"""Where and as whom to publish; from environment variables (explicit argument > variable > default).

* WAYBILL_PUBSUB_API_BASE: the REST API base (default https://pubsub.googleapis.com; an emulator
  locally). Google credentials (Application Default Credentials) are used only with Google's own
  base, so a real token is never sent to another host.
* WAYBILL_GCP_PROJECT: the project that holds the topics.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

GOOGLE_BASE = "https://pubsub.googleapis.com"
ENV_BASE = "WAYBILL_PUBSUB_API_BASE"
ENV_PROJECT = "WAYBILL_GCP_PROJECT"


@dataclass(frozen=True)
class PubSubSettings:
    api_base: str = GOOGLE_BASE
    project: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> PubSubSettings:
        base = (env.get(ENV_BASE, "").strip() or GOOGLE_BASE).rstrip("/")
        return cls(base, env.get(ENV_PROJECT, "").strip())

    @property
    def uses_google(self) -> bool:
        parts = urlsplit(self.api_base)
        return parts.scheme == "https" and parts.hostname == "pubsub.googleapis.com"
