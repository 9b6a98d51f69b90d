"""llama-cpp-python's OpenAI-compatible server on a local model, behind the CPU guard.

``summarize serve`` runs this module as its own process: the guard's verdict (probing once per
build and CPU, see ``cpuguard``) sets the model's extra buffer types before the server loads
it, so the HTTP path never runs kernels the CPU cannot run either.

    python -m summarizer.backends.serve MODEL.gguf --host H --port P --context N --alias NAME
        [--logprobs]

``--logprobs`` keeps the logits of every prompt token (llama-cpp-python returns logprobs only
then), which item confidence over HTTP needs.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from ..config import EXTRA_BUFFER_CHOICES
from ..resources import default_cache_dir
from .cpuguard import decide, extra_buffer_params
from .local import default_threads


def main(argv: list[str]) -> int:
    """Decide the kernels, load the model into the server app, serve until stopped."""
    parser = argparse.ArgumentParser(prog="summarizer.backends.serve")
    parser.add_argument("model", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--context", type=int, default=8192)
    parser.add_argument("--alias", required=True)
    parser.add_argument("--extra-buffers", choices=EXTRA_BUFFER_CHOICES, default="auto")
    parser.add_argument("--logprobs", action="store_true", help="keep logits for logprobs")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    import uvicorn
    from llama_cpp.server.app import create_app
    from llama_cpp.server.settings import ModelSettings, ServerSettings

    threads = default_threads()
    verdict = decide(
        args.extra_buffers, model_path=args.model, cache_dir=default_cache_dir(), threads=threads
    )
    print(f"local model: {verdict.reason}", file=sys.stderr)
    model = ModelSettings(
        model=str(args.model),
        model_alias=args.alias,
        n_ctx=args.context,
        n_threads=threads,
        logits_all=args.logprobs,
    )
    with extra_buffer_params(verdict.extra_buffers):
        app = create_app(
            server_settings=ServerSettings(host=args.host, port=args.port),
            model_settings=[model],
        )
    uvicorn.run(app, host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
