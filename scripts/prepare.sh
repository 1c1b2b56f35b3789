#!/usr/bin/env bash
# Shared first half of scripts/main.sh and scripts/test.sh, sourced by both: install what the machine
# lacks, set the environment every course process needs, build the solution in Release and pack it as
# the `course` .NET tool (`dotnet course …`).
# Sets $here to the repository root and leaves the shell there.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash scripts/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# glibc reads its malloc tunables only at process start (the test host is not started by `course`).
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=2147483648}"
dotnet build LargeModelsCourse.sln -c Release -nologo -v quiet
bash scripts/pack-tool.sh
