"""Drives the course kernel with Jupyter's own Python client libraries (Debian's python3-nbclient and
python3-jupyter-client), as JupyterLab's and nbclient's users would, and prints what it saw as JSON.

Usage: /usr/bin/python3 kernel_probe.py KERNEL_NAME WORK_DIR [NOTEBOOK ...]
The kernelspec must be findable (the test sets JUPYTER_PATH). KernelKernelTests.cs asserts on the output.
"""
import json
import os
import sys
import time
from queue import Empty

import nbformat
from nbclient import NotebookClient
from jupyter_client.manager import KernelManager

TIMEOUT = 180
kernel_name, work_dir, notebooks = sys.argv[1], sys.argv[2], sys.argv[3:]
results = {}


def cell_outputs(nb):
    return [{"source": c.source, "outputs": c.get("outputs", [])} for c in nb.cells if c.cell_type == "code"]


# 1. nbclient runs a small chapter-like notebook: text, a value, a live-updated display, a chart, a key
#    result, and an error at a known line (allow_errors keeps the outputs).
nb = nbformat.v4.new_notebook()
nb.metadata["kernelspec"] = {"name": kernel_name, "display_name": "C# (LargeModelsCourse)", "language": "csharp"}
nb.cells = [
    nbformat.v4.new_markdown_cell("# A small chapter"),
    nbformat.v4.new_code_cell('var x = 41;\nConsole.WriteLine("hello from the course kernel");\nx + 1'),
    nbformat.v4.new_code_cell('var progress = display("step 0");\nfor (var i = 1; i <= 3; i++) progress.Update($"step {i}");'),
    nbformat.v4.new_code_cell('#r "nuget: Plotly.NET.CSharp, 0.14.0"\n'
                              'Plotly.NET.CSharp.Chart.Line<double, double, string>(x: new double[] { 1, 2, 3 }, y: new double[] { 1, 4, 9 })'),
    nbformat.v4.new_code_cell('LargeModelsCourse.Display.KeyResult.Show("answer", x + 1.0, "F1");'),
    nbformat.v4.new_code_cell('var fine = 1;\nthrow new InvalidOperationException("boom");'),
    nbformat.v4.new_code_cell('var after = "this cell is not reached";'),
]
client = NotebookClient(nb, kernel_name=kernel_name, timeout=TIMEOUT, allow_errors=False,
                        resources={"metadata": {"path": work_dir}})
try:
    client.execute()
    results["small_error"] = None
except Exception as e:  # nbclient's CellExecutionError: the error cell stops the run, as in a student's Run All
    results["small_error"] = {"type": type(e).__name__, "text": str(e)[:2000]}
results["small"] = cell_outputs(nb)

# 2. jupyter_client directly: interrupt, completion, inspection, is_complete, silent runs, stdin, restart.
km = KernelManager(kernel_name=kernel_name)
km.start_kernel(cwd=work_dir)
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=TIMEOUT)


def run(code, stdin_answer=None, interrupt_after=None, **kw):
    """Executes code; returns (iopub messages of this request as (type, content), execute_reply content)."""
    msg_id = kc.execute(code, allow_stdin=stdin_answer is not None, **kw)
    messages, interrupted = [], False
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        if stdin_answer is not None:
            try:
                request = kc.get_stdin_msg(timeout=0.05)
                if request["msg_type"] == "input_request":
                    kc.input(stdin_answer)
            except Empty:
                pass
        try:
            m = kc.get_iopub_msg(timeout=0.2)
        except Empty:
            continue
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append((m["msg_type"], m["content"]))
        if interrupt_after and not interrupted and m["msg_type"] == "stream" and interrupt_after in m["content"].get("text", ""):
            km.interrupt_kernel()
            interrupted = True
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    while True:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg_id:
            return messages, reply["content"]


def reply(send):
    msg_id = send()
    while True:
        r = kc.get_shell_msg(timeout=TIMEOUT)
        if r["parent_header"].get("msg_id") == msg_id:
            return r["content"]


messages, content = run('var learningRate = 0.1;\nvar words = new List<string> { "attention" };')
results["define"] = content
code = ("for (var step = 0; ; step++)\n{\n    LargeModelsCourse.Display.Notebook.ThrowIfCancelled();\n"
        "    if (step == 0) Console.WriteLine(\"looping\");\n    Thread.Sleep(20);\n}")
messages, content = run(code, interrupt_after="looping")
results["interrupt"] = {"reply": content, "messages": messages}
messages, content = run("learningRate * 10")  # the session survives an interrupt
results["after_interrupt"] = {"reply": content, "results": [c["data"]["text/plain"] for t, c in messages if t == "execute_result"]}

results["complete_variable"] = reply(lambda: kc.complete("learn", 5))
results["complete_member"] = reply(lambda: kc.complete("words.Co", 8))
results["complete_static"] = reply(lambda: kc.complete("Math.Sq", 7))
chain = "new[] { 1, 2 }\n    .Sel"
results["complete_chain"] = reply(lambda: kc.complete(chain, len(chain)))
results["inspect_method"] = reply(lambda: kc.inspect("Math.Sqrt(2)", 7))
results["inspect_display"] = reply(lambda: kc.inspect("display(1)", 3))
results["inspect_variable"] = reply(lambda: kc.inspect("learningRate", 4))
results["is_complete"] = {
    "open_brace": reply(lambda: kc.is_complete("for (int i = 0; i < 3; i++) {")),
    "statement": reply(lambda: kc.is_complete("var a = 1;")),
    "invalid": reply(lambda: kc.is_complete("var = ;")),
}

before = run("1")[1]["execution_count"]
silent_messages, silent_reply = run("var hidden = 5;\nConsole.WriteLine(\"not shown\");\nhidden", silent=True)
after = run("hidden + 1")
results["silent"] = {
    "count_before": before,
    "messages": [t for t, _ in silent_messages],
    "reply_status": silent_reply["status"],
    "next_count": after[1]["execution_count"],
    "next_result": [c["data"]["text/plain"] for t, c in after[0] if t == "execute_result"],
}
results["stdin"] = [c for t, c in run('var name = Console.ReadLine();\nConsole.WriteLine($"hello {name}");', stdin_answer="Ada")[0] if t == "stream"]
flood_started = time.time()
flood_messages, flood_reply = run('for (int i = 0; i < 200000; i++) Console.WriteLine("line " + i);\n'
                                  'throw new InvalidOperationException("after the flood");')
flood_text = "".join(c["text"] for t, c in flood_messages if t == "stream")
results["flood"] = {
    "seconds": time.time() - flood_started,
    "stream_messages": sum(1 for t, _ in flood_messages if t == "stream"),
    "lines": flood_text.count("\n"),
    "first": flood_text.split("\n")[0],
    "last": flood_text.rstrip("\n").split("\n")[-1],
    "note": [line for line in flood_text.split("\n") if "omitted" in line],
    "error": [c["evalue"] for t, c in flood_messages if t == "error"],
    "reply": flood_reply["status"],
}
results["comm_info"] = reply(lambda: kc.comm_info())
results["history"] = reply(lambda: kc.history())

# A loop of the student's own that never checks Notebook.Cancellation: the kernel adds the check to every loop
# of a cell before compiling it, so Interrupt stops it; time from the interrupt to idle, then the kernel is usable.
spin_id = kc.execute('Console.WriteLine("spinning");\nwhile (true) { }')
spin = {"texts": [], "idle_after": None, "reply": None}
interrupted_at = None
deadline = time.time() + TIMEOUT
while time.time() < deadline:
    try:
        m = kc.get_iopub_msg(timeout=0.2)
    except Empty:
        continue
    if m["parent_header"].get("msg_id") != spin_id:
        continue
    if m["msg_type"] == "stream":
        spin["texts"].append(m["content"]["text"])
        if interrupted_at is None and "spinning" in m["content"]["text"]:
            time.sleep(0.5)  # let the loop spin
            interrupted_at = time.time()
            km.interrupt_kernel()
    if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
        spin["idle_after"] = time.time() - interrupted_at if interrupted_at else None
        break
while True:
    r = kc.get_shell_msg(timeout=TIMEOUT)
    if r["parent_header"].get("msg_id") == spin_id:
        spin["reply"] = r["content"]
        break
spin["next"] = [c["data"]["text/plain"] for t, c in run("learningRate * 100")[0] if t == "execute_result"]
results["uncooperative"] = spin

# A call that does not return for a while and checks nothing (here Thread.Sleep; in practice a long native call):
# the kernel says after its grace period that the cell has not stopped and how to stop it now.
sleep_messages, sleep_reply = run('Console.WriteLine("sleeping");\nThread.Sleep(12_000);', interrupt_after="sleeping")
results["blocked"] = {"texts": [c["text"] for t, c in sleep_messages if t == "stream"], "reply": sleep_reply}

first_pid = km.provisioner.process.pid if km.provisioner else None
km.restart_kernel(now=False)
kc.wait_for_ready(timeout=TIMEOUT)
second_pid = km.provisioner.process.pid if km.provisioner else None
gone = run("learningRate")
results["restart"] = {
    "new_process": first_pid != second_pid,
    "old_variable": gone[1],
    "fresh": [c["data"]["text/plain"] for t, c in run("1 + 2")[0] if t == "execute_result"],
}
kc.stop_channels()
km.shutdown_kernel(now=False)
results["shutdown"] = {"alive": km.is_alive()}

# 3. The course's own notebooks, when given (e.g. notebooks/00-start-here.ipynb), through nbclient.
results["notebooks"] = {}
for path in notebooks:
    book = nbformat.read(path, as_version=4)
    book.metadata["kernelspec"] = {"name": kernel_name, "display_name": "C# (LargeModelsCourse)", "language": "csharp"}
    runner = NotebookClient(book, kernel_name=kernel_name, timeout=1800, allow_errors=False,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    try:
        runner.execute()
        error = None
    except Exception as e:
        error = str(e)[:3000]
    outputs = [o for c in book.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    results["notebooks"][os.path.basename(path)] = {
        "error": error,
        "code_cells": sum(1 for c in book.cells if c.cell_type == "code"),
        "executed": sum(1 for c in book.cells if c.cell_type == "code" and c.get("execution_count")),
        "output_types": [o.get("output_type") for o in outputs],
        "mime_types": sorted({m for o in outputs for m in o.get("data", {}).keys()}),
    }

print(json.dumps(results))
