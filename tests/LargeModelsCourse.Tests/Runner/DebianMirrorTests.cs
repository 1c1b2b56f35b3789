using LargeModelsCourse.Tests.Kernel;
using LargeModelsCourse.Tests.Support;

namespace LargeModelsCourse.Tests.Runner;

/// <summary>
/// scripts/debian-mirror.sh, which scripts/setup.sh uses for its Debian 13 libstdc++ source: the mirror the
/// system's own apt sources use, read from one-line and deb822 files laid out in a temporary apt folder.
/// </summary>
public sealed class DebianMirrorTests : IDisposable
{
    private readonly string apt = Directory.CreateTempSubdirectory("course-apt-").FullName;

    public DebianMirrorTests() => Directory.CreateDirectory(Path.Combine(apt, "sources.list.d"));

    public void Dispose() => Directory.Delete(apt, recursive: true);

    private void Write(string relative, string text) => File.WriteAllText(Path.Combine(apt, relative), text.Replace("\r\n", "\n", StringComparison.Ordinal));

    private async Task<string> Mirror()
    {
        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync("bash", [Path.Combine(Repo.Root, "scripts", "debian-mirror.sh"), apt, "bookworm"], apt, TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, stderr);
        return stdout.Trim();
    }

    [Fact]
    public async Task A_deb822_source_names_the_mirror_security_and_disabled_entries_do_not()
    {
        Write("sources.list.d/debian.sources", """
            Types: deb
            URIs: http://security.debian.org/debian-security
            Suites: bookworm-security
            Components: main

            Types: deb
            # a comment between fields
            URIs: http://disabled.example.org/debian
            Suites: bookworm
            Components: main
            Enabled: no

            Types: deb deb-src
            URIs: http://ftp.fr.debian.org/debian/
            Suites: bookworm bookworm-updates
            Components: main contrib
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
            """);
        Assert.Equal("http://ftp.fr.debian.org/debian", await Mirror());
    }

    [Fact]
    public async Task A_one_line_source_with_options_names_the_mirror_third_party_repositories_do_not()
    {
        Write("sources.list", """
            # deb http://commented.example.org/debian bookworm main
            deb https://download.docker.com/linux/debian bookworm stable
            deb http://security.debian.org/debian-security bookworm-security main
            deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.example.org/debian bookworm main non-free-firmware
            """);
        Write("sources.list.d/course-trixie.list", "deb http://other.example.org/debian trixie main\n");
        Assert.Equal("http://mirror.example.org/debian", await Mirror());
    }

    [Fact]
    public async Task Without_a_matching_source_it_falls_back_to_deb_debian_org()
    {
        Assert.Equal("http://deb.debian.org/debian", await Mirror());
        Write("sources.list.d/course-trixie.list", "deb http://other.example.org/debian trixie main\n");
        Assert.Equal("http://deb.debian.org/debian", await Mirror());
    }
}
