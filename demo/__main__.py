"""``python -m demo`` (``make demo``): see demo/run.py and demo/README.md."""

from __future__ import annotations

import sys

from demo.run import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
