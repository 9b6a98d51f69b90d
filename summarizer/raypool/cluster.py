"""The Ray cluster itself: importing Ray, checking an address, starting or joining a cluster."""

from __future__ import annotations

import logging
import socket
from typing import Any

from ..errors import ConfigurationError

INSTALL = "pip install 'summarizer[ray]'"
EVERY_NODE = (
    "summarizer must be installed on every Ray node, the same version as on the driver "
    "(pip install -r requirements.lock, then the ray extra)"
)
CONNECT_TIMEOUT_S = 3.0


def load_ray() -> Any:
    """The ``ray`` module, or a ConfigurationError naming the extra."""
    try:
        import ray
    except ImportError as err:
        raise ConfigurationError(f"batches on Ray need the ray extra: {INSTALL}") from err
    return ray


def check_address(address: str, timeout_s: float = CONNECT_TIMEOUT_S) -> None:
    """Refuse quickly an address nothing listens on: ``ray.init`` would wait on it for long.

    ``auto`` (the cluster this machine belongs to) is left to Ray.
    """
    if address == "auto":
        return
    hostport = address.split("://", 1)[-1].rstrip("/")
    host, _, port = hostport.rpartition(":")
    if not host or not port.isdigit():
        raise ConfigurationError(f"--ray {address}: give the cluster's address as HOST:PORT")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout_s):
            pass
    except OSError as err:
        reason = err.strerror or str(err) or type(err).__name__
        raise ConfigurationError(
            f"no Ray cluster answers at {address} ({reason}); start one with 'ray start --head' "
            "or check the address"
        ) from err


def join(ray: Any, address: str | None) -> bool:
    """Start a local Ray (no ``address``) or join the cluster at ``address``, unless Ray is
    already initialised in this process; whether this call started it."""
    if address is not None:
        check_address(address)
    if ray.is_initialized():
        return False
    options: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": False,
        "logging_level": logging.WARNING,
    }
    if address is not None:
        options["address"] = address
    try:
        ray.init(**options)
    except (ConnectionError, TimeoutError, ValueError) as err:
        where = f"at {address}" if address else "locally"
        raise ConfigurationError(
            f"could not start or join a Ray cluster {where}: {first_line(str(err))}"
        ) from err
    return True


def first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else text
