"""Cloud Pub/Sub adapter: publish a message to a topic over the REST API v1 (httpx).

The public functions hand their work to a private one through a topic (functions/README in
docs/architecture.md, "Who holds which secret"): publishing is all this package does.
Errors leave it as :class:`~shared.pubsub.errors.PubSubError` and its subclasses only.
"""

from shared.pubsub.client import Publisher
from shared.pubsub.errors import PubSubError, PubSubRefused, PubSubUnavailable
from shared.pubsub.settings import PubSubSettings

__all__ = ["PubSubError", "PubSubRefused", "PubSubSettings", "PubSubUnavailable", "Publisher"]
