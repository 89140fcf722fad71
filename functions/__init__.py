"""Cloud Function entry points: parse the trigger, call the shared library, return. No business logic."""
