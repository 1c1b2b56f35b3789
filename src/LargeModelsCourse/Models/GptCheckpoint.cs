using System.Text.Json;
using LargeModelsCourse.Text;
using TorchSharp;

namespace LargeModelsCourse.Models;

/// <summary>
/// A pre-trained GPT and its tokenizer saved together in one folder: <c>config.json</c> (the model's shape and a
/// note on how it was trained), <c>tokenizer.json</c> and <c>model.bin</c> (the weights). Chapter 13 saves it, chapter 14
/// loads it. Each file is written to a temporary name and renamed, and the config is written last, so a folder with a
/// config is complete. Taught in chapter 13 ("Pre-training and fine-tuning").
/// </summary>
public static class GptCheckpoint
{
    private const string ConfigFile = "config.json", TokenizerFile = "tokenizer.json", WeightsFile = "model.bin";

    /// <summary>
    /// The course's checkpoint folder for <paramref name="name"/>: <c>artifacts/checkpoints/NAME</c> under the checkout
    /// (found from <paramref name="start"/>, default the current folder), never committed; outside a checkout, under the
    /// user's local application data.
    /// </summary>
    public static string Folder(string name, string? start = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var root = CourseRoot.Find(start ?? Directory.GetCurrentDirectory());
        return root is not null
            ? Path.Combine(root, "artifacts", "checkpoints", name)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "LargeModelsCourse", "checkpoints", name);
    }

    /// <summary>Whether <paramref name="folder"/> holds a complete checkpoint.</summary>
    public static bool Exists(string folder) =>
        File.Exists(Path.Combine(folder, ConfigFile)) && File.Exists(Path.Combine(folder, TokenizerFile)) && File.Exists(Path.Combine(folder, WeightsFile));

    /// <summary>Saves <paramref name="gpt"/> and <paramref name="tokenizer"/> to <paramref name="folder"/> with a <paramref name="note"/>.</summary>
    public static void Save(string folder, TinyGpt gpt, BpeTokenizer tokenizer, string note)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(gpt);
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (tokenizer.VocabularySize != gpt.Config.Vocabulary)
            throw new ArgumentException($"The tokenizer has {tokenizer.VocabularySize} ids but the model {gpt.Config.Vocabulary}: they do not belong together.");
        Directory.CreateDirectory(folder);
        // The config goes last: its presence says the other two files are whole.
        File.Delete(Path.Combine(folder, ConfigFile));
        tokenizer.Save(Path.Combine(folder, TokenizerFile));
        AtomicFile.Write(Path.Combine(folder, WeightsFile), temp => gpt.save(temp));
        AtomicFile.WriteAllText(Path.Combine(folder, ConfigFile), JsonSerializer.Serialize(new Saved(gpt.Config, note)));
    }

    /// <summary>Loads the checkpoint in <paramref name="folder"/>: the model (in evaluation mode), its tokenizer and the note saved with it.</summary>
    public static (TinyGpt Model, BpeTokenizer Tokenizer, string Note) Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Exists(folder))
            throw new FileNotFoundException($"No complete checkpoint in {folder} (it needs {ConfigFile}, {TokenizerFile} and {WeightsFile}); run chapter 13 to create it.");
        var saved = JsonSerializer.Deserialize<Saved>(File.ReadAllText(Path.Combine(folder, ConfigFile)))
                    ?? throw new InvalidDataException($"{Path.Combine(folder, ConfigFile)} is empty; delete the folder and run chapter 13 again.");
        var tokenizer = BpeTokenizer.Load(Path.Combine(folder, TokenizerFile));
        var gpt = new TinyGpt(saved.Config);
        gpt.load(Path.Combine(folder, WeightsFile));
        gpt.eval();
        return (gpt, tokenizer, saved.Note);
    }

    private sealed record Saved(GptConfig Config, string Note);
}
