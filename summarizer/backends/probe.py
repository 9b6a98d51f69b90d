"""The child process of the CPU guard: load the model, run a short prompt, print ``ok``.

Run as ``python -m summarizer.backends.probe MODEL.gguf on|off THREADS``. If the CPU cannot run
the kernels, this process dies by a signal and the parent reads that from its exit status.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .cpuguard import load_llama

# Long enough that prompt evaluation runs batched matrix products on every thread.
PROBE_PROMPT = " ".join(["Forces advanced along the highway toward the border crossing."] * 8)


def main(argv: list[str]) -> int:
    """Evaluate the probe prompt and four generated tokens with the requested kernels."""
    model_path, mode, threads = Path(argv[0]), argv[1], int(argv[2])
    llm = load_llama(
        model_path, extra_buffers=mode == "on", n_ctx=512, n_threads=threads, verbose=False
    )
    llm.create_completion(PROBE_PROMPT, max_tokens=4, temperature=0.0)
    print("ok", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
