using System.CommandLine;
using System.Text.Json;
using LargeModelsCourse.Exercises;
using LargeModelsCourse.Runner.Hosting;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Translation;
using Spectre.Console;

namespace LargeModelsCourse.Runner.Translate;

/// <summary>
/// <c>course translate</c>: writes a language's notebooks from the English ones and their translation files
/// (generated, never edited by hand, never committed), or with <c>--check</c> reports every stale or missing translation.
/// </summary>
public static class TranslateCommand
{
    /// <summary>The command's definition.</summary>
    public static Command Create(IAnsiConsole terminal)
    {
        var notebooks = new Argument<string[]>("notebooks")
        {
            Description = "Notebooks or folders of notebooks to translate (default: the course's notebooks/ folder)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var language = new Option<string>("--lang")
        {
            Description = $"The language to write ({string.Join(", ", CourseLanguage.All.Skip(1))})",
            DefaultValueFactory = _ => CourseLanguage.ChineseSimplified,
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Folder for the translated notebooks (default: artifacts/LANG; never the notebooks' own folder)",
        };
        var check = new Option<bool>("--check")
        {
            Description = "Write nothing; list every stale or missing translation and exit 1 when there is one",
        };
        var command = new Command("translate", "Write the notebooks in another language from their translation files, or check that the translations are current")
        {
            notebooks, language, output, check,
        };
        language.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!CourseLanguage.All.Skip(1).Contains(value, StringComparer.OrdinalIgnoreCase))
                result.AddError($"--lang {value}: the course has translations into {string.Join(", ", CourseLanguage.All.Skip(1))} only");
        });
        command.SetAction(parse =>
        {
            var lang = CourseLanguage.Normalize(parse.GetValue(language)!);
            var files = parse.GetValue(notebooks) ?? [];
            return parse.GetValue(check)
                ? Check(terminal, files, lang)
                : Write(terminal, files, lang, parse.GetValue(output) ?? Path.Combine(CoursePaths.Root, "artifacts", lang));
        });
        return command;
    }

    /// <summary>Reports stale and missing translations; 0 when every text is current, 1 otherwise, 2 when nothing was found.</summary>
    public static int Check(IAnsiConsole terminal, IEnumerable<string> arguments, string language)
    {
        var (chapters, errors) = Compare(arguments, language);
        if (chapters.Count == 0 && errors.Count == 0)
        {
            terminal.MarkupLine("[red]No notebooks found.[/] Give notebook files or folders, or run from inside the course's checkout.");
            return 2;
        }
        foreach (var error in errors) terminal.MarkupLine($"[red]{Markup.Escape(error)}[/]");
        var problems = 0;
        foreach (var chapter in chapters)
        {
            foreach (var line in chapter.Describe())
            {
                terminal.WriteLine(line);
                problems++;
            }
            foreach (var unused in chapter.Unused)
                terminal.MarkupLine($"[grey]{Markup.Escape($"{chapter.Chapter} · {unused.Key}: translates nothing in the chapter now ({Path.GetFileName(chapter.File)}:{unused.Line}); delete it")}[/]");
        }
        var texts = chapters.Sum(c => c.Texts.Count);
        if (problems == 0 && errors.Count == 0)
        {
            terminal.MarkupLine($"[green]All {texts} texts of {chapters.Count} chapter(s) have a current {Markup.Escape(language)} translation.[/]");
            return 0;
        }
        terminal.MarkupLine($"[red]{problems} of {texts} texts have no current {Markup.Escape(language)} translation[/]{(errors.Count > 0 ? $"[red], and {errors.Count} translation file(s) cannot be read[/]" : "")}. " +
                            $"Translate them in notebooks/{CourseLanguage.FolderName}/{Markup.Escape(language)}/NN-name.md: each marker's fingerprint is the one of the English text it was translated from (see README, \"Chinese edition\").");
        return 1;
    }

    /// <summary>Writes the translated notebooks into <paramref name="outputFolder"/>; returns the exit code.</summary>
    public static int Write(IAnsiConsole terminal, IEnumerable<string> arguments, string language, string outputFolder)
    {
        var output = Path.GetFullPath(outputFolder);
        var files = CoursePaths.ExpandNotebooks(arguments);
        if (files.Count == 0)
        {
            terminal.MarkupLine("[red]No notebooks found.[/] Give notebook files or folders, or run from inside the course's checkout.");
            return 2;
        }
        if (files.Any(f => string.Equals(Path.GetDirectoryName(f), output, StringComparison.Ordinal)))
        {
            terminal.MarkupLine("[red]The output folder is the notebooks' own folder: translated notebooks never overwrite sources. Choose another --out.[/]");
            return 2;
        }
        var table = new Table().AddColumns("Notebook", "Texts", "Translated", "Stale", "Missing");
        var failed = 0;
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            NotebookDocument notebook;
            ChapterTranslation translation;
            try
            {
                notebook = NotebookDocument.Load(file);
                translation = ChapterTranslation.Load(notebook, language, CourseLanguage.Folder(Path.GetDirectoryName(file)!, language));
            }
            catch (Exception e) when (e is NotebookFormatException or FormatException)
            {
                terminal.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
                failed++;
                continue;
            }
            var json = NotebookTranslator.Translate(notebook, translation, addSetupLine: true, translateExerciseCards: false);
            AtomicFile.WriteAllText(Path.Combine(output, notebook.Name + ".ipynb"), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            folders.Add(Path.GetDirectoryName(file)!);
            int Count(TranslationState s) => translation.Texts.Count(t => t.State == s);
            table.AddRow(Markup.Escape(notebook.Name), translation.Texts.Count.ToString(), Count(TranslationState.Current).ToString(),
                Count(TranslationState.Stale) is var stale and > 0 ? $"[yellow]{stale}[/]" : "0",
                Count(TranslationState.Missing) is var missing and > 0 ? $"[yellow]{missing}[/]" : "0");
        }
        // The hosts read a notebook's solutions and exercise translations beside it: the translated notebooks get copies.
        foreach (var folder in folders)
        {
            CopyFolder(Path.Combine(folder, SolutionBook.FolderName), Path.Combine(output, SolutionBook.FolderName));
            CopyFolder(CourseLanguage.Folder(folder, language), CourseLanguage.Folder(output, language));
        }
        terminal.Write(table);
        terminal.MarkupLine($"Translated notebooks ({Markup.Escape(language)}): {Markup.Escape(output)} — generated: edit the translation files, not these. Stale or missing texts are shown in English under a notice; `course translate --check` lists them.");
        return failed > 0 ? 1 : 0;
    }

    /// <summary>Every chapter compared with its translation, and the translation files that could not be read.</summary>
    public static (IReadOnlyList<ChapterTranslation> Chapters, IReadOnlyList<string> Errors) Compare(IEnumerable<string> arguments, string language)
    {
        var chapters = new List<ChapterTranslation>();
        var errors = new List<string>();
        foreach (var file in CoursePaths.ExpandNotebooks(arguments))
        {
            try
            {
                var notebook = NotebookDocument.Load(file);
                chapters.Add(ChapterTranslation.Load(notebook, language, CourseLanguage.Folder(Path.GetDirectoryName(file)!, language)));
            }
            catch (Exception e) when (e is NotebookFormatException or FormatException) { errors.Add(e.Message); }
        }
        return (chapters, errors);
    }

    private static void CopyFolder(string from, string to)
    {
        if (!Directory.Exists(from)) return;
        foreach (var file in Directory.GetFiles(from, "*.md"))
            AtomicFile.WriteAllText(Path.Combine(to, Path.GetFileName(file)), File.ReadAllText(file));
    }
}
