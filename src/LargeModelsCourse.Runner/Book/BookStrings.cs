using System.Globalization;

namespace LargeModelsCourse.Runner.Book;

/// <summary>
/// The words of the book's own interface in one language: navigation, buttons, presentation mode, the contents
/// page. The chapters' words come from the notebooks (and their translations); these are the frame around them.
/// </summary>
internal sealed record BookStrings
{
    /// <summary>The language code, as the page's <c>lang</c> attribute gives it.</summary>
    public required string Language { get; init; }
    /// <summary>The language's own name, on the other edition's switch ("中文", "English").</summary>
    public required string LanguageName { get; init; }
    /// <summary>The switch's tooltip on this edition's pages, naming the other language.</summary>
    public required string SwitchTitle { get; init; }
    public required string SkipLink { get; init; }
    public required string Contents { get; init; }
    public required string Chapters { get; init; }
    public required string HideCode { get; init; }
    public required string ShowCode { get; init; }
    public required string CodeTitle { get; init; }
    public required string Present { get; init; }
    public required string PresentTitle { get; init; }
    public required string PreviousSlide { get; init; }
    public required string NextSlide { get; init; }
    public required string ExitPresentation { get; init; }
    public required string ExitTitle { get; init; }
    /// <summary>Presentation mode's note while it passes the deep dives by ({0}: the key that changes it).</summary>
    public required string CoreOnly { get; init; }
    /// <summary>Presentation mode's note while it shows the deep dives too.</summary>
    public required string WithDeepDives { get; init; }
    public required string WholeBookLink { get; init; }
    public required string WholeBookTitle { get; init; }
    public required string WholeBook { get; init; }
    public required string ChapterNumber { get; init; }
    public required string RanIn { get; init; }
    public required string LibraryVersion { get; init; }
    public required string Previous { get; init; }
    public required string Next { get; init; }
    public required string Tagline { get; init; }
    public required string ChapterCount { get; init; }
    public required string ChartCount { get; init; }
    public required string TotalRunTime { get; init; }
    public required string GoalsLabel { get; init; }
    public required string RunsIn { get; init; }
    public required string RunsInTitle { get; init; }
    public required string FooterRead { get; init; }
    public required string FooterCredits { get; init; }
    public required string SetupCell { get; init; }
    public required string ShowTheCode { get; init; }
    public required string ShowTheOutput { get; init; }
    public required string Glossary { get; init; }
    /// <summary>The search box's label (its tooltip and what a screen reader announces).</summary>
    public required string SearchLabel { get; init; }
    /// <summary>The search box's placeholder.</summary>
    public required string SearchPlaceholder { get; init; }
    /// <summary>Shown when nothing matches; {0} is what was typed.</summary>
    public required string SearchNoResults { get; init; }
    /// <summary>Marks a result that is an exercise.</summary>
    public required string SearchExercise { get; init; }
    /// <summary>Shown when the index could not be loaded.</summary>
    public required string SearchUnavailable { get; init; }
    /// <summary>The words that introduce a chapter's learning goals in its Markdown.</summary>
    public required string GoalsMarker { get; init; }
    /// <summary>One slide, as the contents page counts a chapter's length.</summary>
    public required string OneSlide { get; init; }
    /// <summary>{0} slides.</summary>
    public required string Slides { get; init; }
    /// <summary>A chapter with deep dives: {0} is the core's slides, {1} the whole chapter's (each a <see cref="Slides"/>).</summary>
    public required string CoreAndFull { get; init; }
    /// <summary>A chapter without deep dives: {0} is its slides.</summary>
    public required string AllCore { get; init; }
    /// <summary>The tooltip of a chapter's length on the contents page.</summary>
    public required string LengthTitle { get; init; }
    /// <summary>
    /// The mark of an optional deep-dive section, as its headings end in this language ("(deep dive)"); the contents page
    /// shows it beside each deep dive instead.
    /// </summary>
    public required string DeepDive { get; init; }
    /// <summary>Introduces a chapter's list of deep dives on the contents page.</summary>
    public required string DeepDivesLabel { get; init; }

    /// <summary>The English interface.</summary>
    public static BookStrings English { get; } = new()
    {
        Language = "en",
        LanguageName = "English",
        SwitchTitle = "阅读中文版的同一节 (read this section in Chinese)",
        SkipLink = "Skip to the text",
        Contents = "Contents",
        Chapters = "Chapters",
        HideCode = "Hide code",
        ShowCode = "Show code",
        CodeTitle = "Show or hide the code (key: c)",
        Present = "Present",
        PresentTitle = "Presentation mode (key: p)",
        PreviousSlide = "Previous slide (←, PageUp)",
        NextSlide = "Next slide (→, space, PageDown)",
        ExitPresentation = "Exit",
        ExitTitle = "Leave presentation mode (p or Esc)",
        CoreOnly = "core only · d adds the deep dives",
        WithDeepDives = "with deep dives · d leaves them out",
        WholeBookLink = "The whole book on one page (to print)",
        WholeBookTitle = "LargeModelsCourse: the whole book",
        WholeBook = "The whole book",
        ChapterNumber = "Chapter {0}",
        RanIn = "ran in {0}",
        LibraryVersion = "library {0}",
        Previous = "Previous",
        Next = "Next",
        Tagline = "How large AI models work, taught in C#: loss functions, optimizers, backpropagation, convolutions, attention and transformers, trained in TorchSharp and drawn with Plotly. Every number and chart on these pages comes from a notebook that ran.",
        ChapterCount = "{0} chapter(s)",
        ChartCount = "{0} interactive chart(s)",
        TotalRunTime = "all notebooks run in {0}",
        GoalsLabel = "What you will learn",
        RunsIn = "runs in {0}",
        RunsInTitle = "how long the notebook took to run",
        FooterRead = "Read it offline, print it ({0}), or present a chapter: press <kbd>p</kbd> on any chapter page.",
        FooterCredits = "Formulas by {0}, code colours by {1}, charts by {2}, all copied into this site.",
        SetupCell = "Set-up cell: packages and namespaces",
        ShowTheCode = "Show the code",
        ShowTheOutput = "Show the output",
        Glossary = "Glossary",
        SearchLabel = "Search the book (key: /)",
        SearchPlaceholder = "Search…",
        SearchNoResults = "Nothing found for “{0}”.",
        SearchExercise = "Exercise",
        SearchUnavailable = "Search is unavailable: this edition's index (search-index.js) did not load.",
        GoalsMarker = "what you will learn",
        OneSlide = "1 slide",
        Slides = "{0} slides",
        CoreAndFull = "core {0} · full {1}",
        AllCore = "{0}, no deep dives",
        LengthTitle = "Slides in presentation mode (press p on the chapter's page). The core leaves out the optional deep dives.",
        DeepDive = "deep dive",
        DeepDivesLabel = "Optional deep dives",
    };

    /// <summary>The Simplified Chinese interface.</summary>
    public static BookStrings ChineseSimplified { get; } = new()
    {
        Language = "zh-CN",
        LanguageName = "中文",
        SwitchTitle = "Read this section in English (阅读英文版的同一节)",
        SkipLink = "跳到正文",
        Contents = "目录",
        Chapters = "章节",
        HideCode = "隐藏代码",
        ShowCode = "显示代码",
        CodeTitle = "显示或隐藏代码（快捷键 c）",
        Present = "演示",
        PresentTitle = "演示模式（快捷键 p）",
        PreviousSlide = "上一页（←、PageUp）",
        NextSlide = "下一页（→、空格、PageDown）",
        ExitPresentation = "退出",
        ExitTitle = "退出演示模式（p 或 Esc）",
        CoreOnly = "仅核心内容 · 按 d 加入深入阅读小节",
        WithDeepDives = "含深入阅读小节 · 按 d 略去",
        WholeBookLink = "全书单页版（便于打印）",
        WholeBookTitle = "LargeModelsCourse：全书",
        WholeBook = "全书",
        ChapterNumber = "第 {0} 章",
        RanIn = "运行用时 {0}",
        LibraryVersion = "库版本 {0}",
        Previous = "上一章",
        Next = "下一章",
        Tagline = "用 C# 讲解大型 AI 模型如何工作：损失函数、优化器、反向传播、卷积、注意力机制与 Transformer，模型用 TorchSharp 训练，图表用 Plotly 绘制。本站的每一个数字和每一张图表都来自实际运行过的笔记本。",
        ChapterCount = "{0} 章",
        ChartCount = "{0} 张交互式图表",
        TotalRunTime = "全部笔记本运行用时 {0}",
        GoalsLabel = "你将学到",
        RunsIn = "运行 {0}",
        RunsInTitle = "笔记本运行所用的时间",
        FooterRead = "可以离线阅读、打印（{0}），也可以演示某一章：在任意章节页面按 <kbd>p</kbd>。",
        FooterCredits = "公式由 {0} 排版，代码配色由 {1} 完成，图表由 {2} 绘制，均已复制到本站。",
        SetupCell = "设置单元格：程序包与命名空间",
        ShowTheCode = "显示代码",
        ShowTheOutput = "显示输出",
        Glossary = "术语表",
        SearchLabel = "搜索全书（快捷键 /）",
        SearchPlaceholder = "搜索…",
        SearchNoResults = "没有找到“{0}”。",
        SearchExercise = "练习",
        SearchUnavailable = "搜索不可用：本版本的索引（search-index.js）未能加载。",
        GoalsMarker = "你将学到",
        OneSlide = "1 页幻灯片",
        Slides = "{0} 页幻灯片",
        CoreAndFull = "核心 {0} · 完整 {1}",
        AllCore = "{0}，没有深入阅读小节",
        LengthTitle = "演示模式中的幻灯片页数（在章节页面按 p）。核心部分不含选读的深入阅读小节。",
        DeepDive = "深入阅读",
        DeepDivesLabel = "选读的深入阅读小节",
    };

    /// <summary>"1 slide", "12 slides".</summary>
    public string SlideCount(int slides) => slides == 1 ? OneSlide : Format(Slides, slides);

    /// <summary>The strings of <paramref name="language"/>.</summary>
    public static BookStrings For(string language) => language == ChineseSimplified.Language ? ChineseSimplified : English;

    /// <summary><paramref name="format"/> with its placeholders filled.</summary>
    public static string Format(string format, params object[] values) => string.Format(CultureInfo.InvariantCulture, format, values);
}
