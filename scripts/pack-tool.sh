#!/usr/bin/env bash
# Packs the runner as the `course` .NET tool into artifacts/packages (the folder feed nuget.config names)
# and restores the repository's local tools, so `dotnet course …` runs this checkout's code.
# The tool is packed ReadyToRun for this machine (CourseReadyToRun in the runner's project: a kernel's first cells
# then run precompiled code); that is its own build, in bin/Release/net10.0/<rid>/, so the tests' build is untouched.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)
rm -f artifacts/packages/LargeModelsCourse.Tool.*"$version".nupkg
# Two packages: LargeModelsCourse.Tool names the command and points at LargeModelsCourse.Tool.<rid>, which holds it.
dotnet pack src/LargeModelsCourse.Runner -c Release -nologo -v quiet -p:CourseReadyToRun=true "$@"
package="artifacts/packages/LargeModelsCourse.Tool.$version.nupkg"
[ -f "$package" ] || { echo "pack-tool: $package was not written" >&2; exit 1; }

# NuGet caches a package by id and version, and the tool keeps its version across edits: a copy cached
# from an earlier pack is removed when the new package differs, or `dotnet tool restore` would keep running it.
cache=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')
for packed in artifacts/packages/LargeModelsCourse.Tool.*"$version".nupkg; do
  name=$(basename "$packed" ".$version.nupkg")
  id=$(echo "$name" | tr '[:upper:]' '[:lower:]')
  cached="${cache%/}/$id/$version"
  [ -d "$cached" ] || continue
  new_hash=$(command -v openssl >/dev/null && openssl dgst -sha512 -binary "$packed" | base64 -w0 || echo unknown)
  old_hash=$(cat "$cached/$id.$version.nupkg.sha512" 2>/dev/null || true)
  if [ "$new_hash" != "$old_hash" ]; then
    echo "pack-tool: replacing the cached $id $version with the new package"
    rm -rf "$cached"
  fi
done
# The CLI also remembers where a local tool's command was; a package of another layout moves it.
rm -f "${DOTNET_CLI_HOME:-$HOME}/.dotnet/toolResolverCache/1/largemodelscourse.tool"
dotnet tool restore >/dev/null
echo "pack-tool: \`dotnet course\` runs $package"
