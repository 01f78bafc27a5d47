#!/usr/bin/env python3
"""Runs notebooks in the real .NET Interactive kernel (the one Polyglot Notebooks uses) and reports each cell.

The test suite runs the notebooks on its own Roslyn-scripting runner; this is the check against the real kernel.
Needs the tool (`dotnet tool install -g Microsoft.dotnet-interactive`) and the Connectors packages in a folder:

    dotnet pack src/Connectors.SemanticKernel -c Release -o /tmp/connectors-feed   # and Core, Perceptron, JamAI, Emulator
    python3 notebooks/check-in-dotnet-interactive.py /tmp/connectors-feed notebooks/*.ipynb

Packages of the same version are cached: delete ~/.nuget/packages/connectors.* after packing again.
The key variables are removed, so the notebooks use the emulator. Exits 1 when a cell fails.
"""
import json
import os
import queue
import subprocess
import sys
import threading
import time

CELL_TIMEOUT_SECONDS = 300


def run(path, feed):
    env = dict(os.environ)
    env["PATH"] = env.get("PATH", "") + os.pathsep + os.path.expanduser("~/.dotnet/tools")
    for key in ("PERCEPTRON_API_KEY", "JAMAI_TOKEN"):
        env.pop(key, None)
    kernel = subprocess.Popen(["dotnet-interactive", "stdio", "--default-kernel", "csharp"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, bufsize=1)
    events = queue.Queue()
    threading.Thread(target=lambda: [events.put(line) for line in kernel.stdout], daemon=True).start()
    cells = [c for c in json.load(open(path, encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    failures = 0
    print(f"=== {os.path.basename(path)}")
    for number, cell in enumerate(cells, 1):
        code = "".join(cell["source"])
        if number == 1:
            code = f'#i "nuget: {os.path.abspath(feed)}"\n' + code
        token = f"cell{number}"
        kernel.stdin.write(json.dumps({"token": token, "commandType": "SubmitCode",
                                       "command": {"code": code, "targetKernelName": "csharp"}}) + "\n")
        kernel.stdin.flush()
        lines, deadline = [], time.time() + CELL_TIMEOUT_SECONDS
        while True:
            try:
                envelope = json.loads(events.get(timeout=max(1, deadline - time.time())))
            except queue.Empty:
                lines.append("TIMEOUT")
                failures += 1
                break
            except json.JSONDecodeError:
                continue
            if not (envelope.get("command") or {}).get("token", "").startswith(token):
                continue
            kind, event = envelope.get("eventType"), envelope.get("event", {})
            if kind in ("StandardOutputValueProduced", "DisplayedValueProduced", "ReturnValueProduced"):
                for value in event.get("formattedValues", []):
                    text = value["value"]
                    if "Installing Packages" not in text:
                        lines.append(f'{value["mimeType"]}: ' + (f"({len(text)} characters)" if "base64," in text else text.strip()))
            elif kind == "CommandFailed":
                lines.append("FAILED " + event.get("message", ""))
                failures += 1
                break
            elif kind == "CommandSucceeded":
                break
        print(f"--- [{number}] {cell['source'][0].strip()[:70]}")
        for line in lines:
            print("    " + line.replace("\n", "\n    "))
    kernel.stdin.close()
    kernel.kill()
    print(f"{len(cells)} cells, {failures} failed")
    return failures


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(1 if sum(run(notebook, sys.argv[1]) for notebook in sys.argv[2:]) else 0)
