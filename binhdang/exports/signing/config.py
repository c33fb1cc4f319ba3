"""Where the signing keys come from, read from the environment (or `.env`).

| variable | meaning |
|---|---|
| BINHDANG_SIGNING_BACKEND | `pkcs12` (default; demo files) or `pkcs11` (a token, production) |
| BINHDANG_SIGNING_DIR | folder of the demo keys, default `<BINHDANG_VAR_DIR>/signing` |
| BINHDANG_SIGNER_PKCS12 / _PASSWORD | the signer's PKCS#12 file and its password |
| BINHDANG_ORG_PKCS12 / _PASSWORD | the organisation's PKCS#12 file and its password |
| BINHDANG_SIGNING_CA | PEM trust root used to validate (default: the demo CA) |
| BINHDANG_SIGNER_IMAGE | PNG of the signer's signature (blue, transparent background) |
| BINHDANG_PKCS11_MODULE, _TOKEN, _PIN | the PKCS#11 library, token label and user PIN |
| BINHDANG_PKCS11_SIGNER_KEY, BINHDANG_PKCS11_ORG_KEY | key (and certificate) labels on the token |
| BINHDANG_SIGNING_TSA_URL | RFC 3161 timestamp server: signatures become PAdES B-LT |
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .keys import DEMO_PASSWORD, DemoKeyPaths, generate_demo_keys


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


@dataclass(frozen=True)
class SigningConfig:
    backend: str
    signer_pkcs12: Path
    signer_password: str
    org_pkcs12: Path
    org_password: str
    ca: Path
    signer_image: Path
    tsa_url: str
    pkcs11_module: str = ""
    pkcs11_token: str = ""
    pkcs11_pin: str = ""
    pkcs11_signer_key: str = ""
    pkcs11_org_key: str = ""
    demo_folder: Path | None = None  # set when the demo keys are used (generated on demand)

    @property
    def level(self) -> str:
        return "PAdES B-LT" if self.tsa_url else "PAdES B-B"


def signing_config() -> SigningConfig:
    folder = Path(_env("BINHDANG_SIGNING_DIR") or Path(settings.VAR_DIR) / "signing")
    demo = DemoKeyPaths(folder)
    backend = (_env("BINHDANG_SIGNING_BACKEND") or "pkcs12").lower()
    signer = _env("BINHDANG_SIGNER_PKCS12")
    org = _env("BINHDANG_ORG_PKCS12")
    uses_demo = backend == "pkcs12" and not signer and not org
    return SigningConfig(
        backend=backend,
        signer_pkcs12=Path(signer) if signer else demo.signer,
        signer_password=_env("BINHDANG_SIGNER_PKCS12_PASSWORD", DEMO_PASSWORD if not signer else ""),
        org_pkcs12=Path(org) if org else demo.organisation,
        org_password=_env("BINHDANG_ORG_PKCS12_PASSWORD", DEMO_PASSWORD if not org else ""),
        ca=Path(_env("BINHDANG_SIGNING_CA") or demo.ca),
        signer_image=Path(_env("BINHDANG_SIGNER_IMAGE") or demo.signer_image),
        tsa_url=_env("BINHDANG_SIGNING_TSA_URL"),
        pkcs11_module=_env("BINHDANG_PKCS11_MODULE"),
        pkcs11_token=_env("BINHDANG_PKCS11_TOKEN"),
        pkcs11_pin=_env("BINHDANG_PKCS11_PIN"),
        pkcs11_signer_key=_env("BINHDANG_PKCS11_SIGNER_KEY"),
        pkcs11_org_key=_env("BINHDANG_PKCS11_ORG_KEY"),
        demo_folder=folder if uses_demo else None,
    )


def ensure_demo_keys(config: SigningConfig) -> None:
    """In demo mode (the default paths, no keys configured), generate the demo keys once."""
    if config.demo_folder is not None and not DemoKeyPaths(config.demo_folder).complete():
        generate_demo_keys(config.demo_folder)
