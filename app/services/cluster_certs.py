"""A precinct's TLS set for the cluster: its own CA and one node certificate it signed (`caselens cluster certs`).

Every scheduler, worker and client of the precinct gets ca.pem, node.pem and node-key.pem (Dask checks the
peer's certificate against the CA, not its host name); ca-key.pem stays with whoever makes the set.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from app.core.errors import CaseLensError
from app.services.cluster import CA_FILE, CERT_FILE, KEY_FILE

CA_KEY_FILE = "ca-key.pem"
VALID_DAYS = 3 * 365
OPENSSL_RECIPE = (
    "openssl req -x509 -newkey rsa:3072 -nodes -days 1095 -subj /CN=caselens-precinct-ca "
    "-keyout ca-key.pem -out ca.pem; "
    "openssl req -newkey rsa:3072 -nodes -subj /CN=caselens-node -keyout node-key.pem -out node.csr; "
    "openssl x509 -req -in node.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 1095 -out node.pem")


def make_certs(folder: str | os.PathLike[str], precinct: str = "caselens") -> list[Path]:
    """Write CA and node certificate and keys (keys 0600) into `folder`; refuses to overwrite a set."""
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        from cryptography.x509.oid import NameOID
    except ImportError as exc:
        raise CaseLensError("E031", "the `cryptography` package is not installed: `pip install cryptography` "
                                    f"into CaseLens's Python, or make the set with OpenSSL: {OPENSSL_RECIPE}") from exc
    out = Path(folder)
    names = [CA_FILE, CA_KEY_FILE, CERT_FILE, KEY_FILE]
    if any((out / n).exists() for n in names):
        raise CaseLensError("E017", f"{out} already holds certificates; choose an empty folder")
    out.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    until = now + datetime.timedelta(days=VALID_DAYS)

    def name(cn: str):
        return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, precinct),
                          x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def usage(cert_sign: bool):  # Python 3.13's strict verification wants key usages and key identifiers
        return x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=not cert_sign,
                             data_encipherment=False, key_agreement=False, key_cert_sign=cert_sign,
                             crl_sign=cert_sign, encipher_only=False, decipher_only=False)

    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    ca_name = name(f"{precinct} CaseLens CA")
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(until)
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(usage(cert_sign=True), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    node_key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    node = (x509.CertificateBuilder().subject_name(name("caselens-node")).issuer_name(ca_name)
            .public_key(node_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(until)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(usage(cert_sign=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(node_key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH,
                                                  x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256()))

    def key_pem(key) -> bytes:
        return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())

    files = {CA_FILE: ca.public_bytes(serialization.Encoding.PEM), CA_KEY_FILE: key_pem(ca_key),
             CERT_FILE: node.public_bytes(serialization.Encoding.PEM), KEY_FILE: key_pem(node_key)}
    written = []
    for fname, data in files.items():
        path = out / fname
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600 if "key" in fname else 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        written.append(path)
    return written
