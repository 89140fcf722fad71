"""A stand-in for Google's public-key endpoint (/oauth2/v1/certs) on loopback, and a signer for ID
tokens with its key: what tests need to call a function that verifies Google ID tokens."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from google.auth import crypt, jwt


@dataclass(frozen=True)
class Key:
    kid: str
    private_pem: bytes
    cert_pem: str

    @classmethod
    def generate(cls, kid: str) -> Key:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test-signer")])
        now = datetime.now(UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(private.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=1))
            .sign(private, hashes.SHA256())
        )
        pem = private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        return cls(kid, pem, cert.public_bytes(serialization.Encoding.PEM).decode())

    def token(self, audience: str, **claims: Any) -> str:
        now = int(time.time())
        payload = {
            "iss": "https://accounts.google.com",
            "aud": audience,
            "sub": "1234567890",
            "email": "ops@example.com",
            "email_verified": True,
            "iat": now,
            "exp": now + 600,
            **claims,
        }
        signer = crypt.RSASigner.from_string(self.private_pem, key_id=self.kid)
        encoded: bytes = jwt.encode(signer, payload)
        return encoded.decode()


@contextmanager
def key_server(*keys: Key) -> Iterator[str]:
    """Serve ``{kid: certificate}`` at ``http://127.0.0.1:<port>/oauth2/v1/certs``; yields that URL."""
    body = json.dumps({k.kid: k.cert_pem for k in keys}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/oauth2/v1/certs"
    finally:
        server.shutdown()
        server.server_close()
