"""Cloud Pub/Sub emulator: topics, publish and push subscriptions over the REST API v1 (see README.md)."""
