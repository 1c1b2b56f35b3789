#!/usr/bin/env bash
# Packs the runner as the `course` .NET tool into artifacts/packages (the folder feed nuget.config names)
# and restores the repository's local tools, so `dotnet course …` runs this checkout's code.
# Pass --no-build when the solution was just built in Release (scripts/prepare.sh does).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
id=largemodelscourse.tool
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)
dotnet pack src/LargeModelsCourse.Runner -c Release -nologo -v quiet "$@"
package="artifacts/packages/LargeModelsCourse.Tool.$version.nupkg"
[ -f "$package" ] || { echo "pack-tool: $package was not written" >&2; exit 1; }

# NuGet caches a package by id and version, and the tool keeps its version across edits: a copy cached
# from an earlier pack is removed when the new package differs, or `dotnet tool restore` would keep running it.
cache=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')
cached="${cache%/}/$id/$version"
if [ -d "$cached" ]; then
  new_hash=$(command -v openssl >/dev/null && openssl dgst -sha512 -binary "$package" | base64 -w0 || echo unknown)
  old_hash=$(cat "$cached/$id.$version.nupkg.sha512" 2>/dev/null || true)
  if [ "$new_hash" != "$old_hash" ]; then
    echo "pack-tool: replacing the cached $id $version with the new package"
    rm -rf "$cached"
  fi
fi
dotnet tool restore >/dev/null
echo "pack-tool: \`dotnet course\` runs $package"
