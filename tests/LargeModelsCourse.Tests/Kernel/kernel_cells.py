"""Runs cells in the course kernel through Jupyter's own client (Debian's python3-jupyter-client) and prints,
as one JSON line, each cell's status and text outputs.

Usage: /usr/bin/python3 kernel_cells.py KERNEL_NAME WORK_DIR CELL [CELL ...]
The kernelspec must be findable (the test sets JUPYTER_PATH).
"""
import json
import sys

from jupyter_client.manager import KernelManager

TIMEOUT = 600
kernel_name, work_dir, cells = sys.argv[1], sys.argv[2], sys.argv[3:]
km = KernelManager(kernel_name=kernel_name)
km.start_kernel(cwd=work_dir)
kc = km.client()
kc.start_channels()
results = []
try:
    kc.wait_for_ready(timeout=TIMEOUT)
    for code in cells:
        msg_id = kc.execute(code)
        texts = []
        while True:
            msg = kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                texts.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                texts.append(content["data"].get("text/plain", ""))
            elif kind == "error":
                texts.append(content["ename"] + ": " + content["evalue"])
            elif kind == "status" and content["execution_state"] == "idle":
                break
        # The reply to this request: earlier shell messages (extra kernel_info replies from wait_for_ready while the
        # kernel warms up) are not it.
        while True:
            reply = kc.get_shell_msg(timeout=TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        results.append({"status": reply["content"]["status"], "text": "".join(texts)})
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps(results))
