"""The journal: append-only audit entries, push intents and outcomes, watermarks, small state.

It is what survives the sheet being edited, sorted or cleared. It sits on a tiny object-store
interface (``store.ObjectStore``): a local directory by default (``local_store``), any S3-compatible
bucket through boto3 in the cloud (``s3_store``).
"""
