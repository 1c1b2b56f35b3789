#!/usr/bin/env bash
# The course's main job: set up, build, check the machine, execute every notebook, build the book.
# Executed notebooks go to artifacts/executed (sources are never overwritten), the book to artifacts/book.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
dotnet course doctor
dotnet course run notebooks --out artifacts/executed
dotnet course book --executed artifacts/executed --out artifacts/book
echo "The book: $here/artifacts/book/index.html"
