using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace LargeModelsCourse.Tests.FrontEnds;

/// <summary>
/// What a test does to a notebook in a front end, through the front end's own JavaScript objects (JupyterLab's
/// application, the classic Notebook's <c>Jupyter.notebook</c>): the same calls its menus make.
/// </summary>
internal abstract class FrontEndDriver
{
    /// <summary>The address of a notebook in the server's root.</summary>
    public abstract string NotebookPath(string name);

    /// <summary>True once the notebook is loaded and its kernel is idle.</summary>
    public abstract string ReadyScript { get; }

    /// <summary>Starts running every cell (returns without waiting).</summary>
    public abstract string RunAllScript { get; }

    /// <summary>The notebook as nbformat JSON, as the front end holds it.</summary>
    public abstract string NotebookJsonScript { get; }

    /// <summary>True while any code cell is queued or running, or has not run.</summary>
    public abstract string PendingScript { get; }

    /// <summary>Saves (a promise).</summary>
    public abstract string SaveScript { get; }

    /// <summary>Appends a code cell holding the string argument and starts it (returns without waiting for it to finish).</summary>
    public abstract string AppendAndRunScript { get; }

    /// <summary>Asks the kernel to interrupt.</summary>
    public abstract string InterruptScript { get; }

    /// <summary>The kernel's status as the front end shows it ("idle", "busy", …).</summary>
    public abstract string KernelStatusScript { get; }

    /// <summary>The element holding the open notebook's cells (a JavaScript expression).</summary>
    public virtual string NotebookRoot => "document";

    public async Task<JsonObject> NotebookAsync(IPage page) =>
        JsonNode.Parse(await page.EvaluateAsync<string>($"() => JSON.stringify(({NotebookJsonScript})())"))!.AsObject();

    public async Task<string> KernelStatusAsync(IPage page) => await page.EvaluateAsync<string>(KernelStatusScript);
}

/// <summary>JupyterLab 4.0, started with <c>--LabApp.expose_app_in_browser=True</c> (window.jupyterapp).</summary>
internal sealed class LabDriver : FrontEndDriver
{
    private const string Panel = "window.jupyterapp.shell.currentWidget";

    // A fresh workspace for every page: the default one would reopen the notebooks of earlier pages beside this one
    // and make one of them the current widget while it loads.
    public override string NotebookPath(string name) => $"lab/workspaces/test-{Guid.NewGuid():N}/tree/{name}";

    public override string NotebookRoot => $"{Panel}.node";

    public override string ReadyScript => $$"""
        () => { const w = window.jupyterapp && {{Panel}}; const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
          return !!(w && w.context && w.context.isReady && w.content && k && k.status === 'idle' && k.connectionStatus === 'connected'); }
        """;

    public override string RunAllScript => "() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }";

    public override string NotebookJsonScript => $"() => {Panel}.content.model.toJSON()";

    public override string PendingScript => $$"""
        () => { const w = {{Panel}}; return w.sessionContext.session.kernel.status !== 'idle' ||
          w.content.widgets.some(c => c.model.type === 'code' && (c.model.executionCount === null || (c.promptNode && c.promptNode.textContent.indexOf('*') >= 0))); }
        """;

    public override string SaveScript => "() => window.jupyterapp.commands.execute('docmanager:save')";

    public override string AppendAndRunScript => $$"""
        async code => { const w = {{Panel}}; const n = w.content.model.cells.length;
          w.content.model.sharedModel.insertCell(n, { cell_type: 'code', source: code });
          w.content.activeCellIndex = n; window.jupyterapp.commands.execute('notebook:run-cell'); }
        """;

    public override string InterruptScript => $"() => {Panel}.sessionContext.session.kernel.interrupt()";

    public override string KernelStatusScript => $"() => {Panel}.sessionContext.session.kernel.status";
}

/// <summary>The classic Jupyter Notebook 6.4 (window.Jupyter).</summary>
internal sealed class ClassicDriver : FrontEndDriver
{
    public override string NotebookPath(string name) => "notebooks/" + name;

    public override string ReadyScript => """
        () => { const n = window.Jupyter && window.Jupyter.notebook; const i = document.querySelector('#kernel_indicator_icon');
          return !!(n && n._fully_loaded && n.kernel && n.kernel.is_connected() && i && i.classList.contains('kernel_idle_icon')); }
        """;

    public override string RunAllScript => "() => { window.Jupyter.notebook.execute_all_cells(); }";

    public override string NotebookJsonScript => "() => window.Jupyter.notebook.toJSON()";

    public override string PendingScript => """
        () => !document.querySelector('#kernel_indicator_icon').classList.contains('kernel_idle_icon') ||
          window.Jupyter.notebook.get_cells().some(c => c.cell_type === 'code' && (c.input_prompt_number === '*' || c.input_prompt_number === undefined || c.input_prompt_number === null))
        """;

    public override string SaveScript => "() => window.Jupyter.notebook.save_notebook()";

    public override string AppendAndRunScript => """
        code => { const c = window.Jupyter.notebook.insert_cell_at_bottom('code'); c.set_text(code); c.execute(); }
        """;

    public override string InterruptScript => "() => { window.Jupyter.notebook.kernel.interrupt(); }";

    public override string KernelStatusScript => """
        () => { const i = document.querySelector('#kernel_indicator_icon');
          return i.classList.contains('kernel_idle_icon') ? 'idle' : i.classList.contains('kernel_busy_icon') ? 'busy' : i.className; }
        """;
}
