#!/bin/sh
# `make test`, after pytest: build every pack under packs/ (and its cut-out cards) into a
# temporary folder and read each PDF as a print shop's tools would. Fails if qpdf finds a
# structural error or pdffonts lists a font that is not embedded.
# Usage: tests/check_pdfs.sh [REVPACK]
set -u
revpack=${1:-.venv/bin/revpack}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM
failed=0
for pack in packs/*/; do
    name=$(basename "$pack")
    "$revpack" build -q --no-cache "$pack" -o "$out/$name" || { echo "check_pdfs: $name: build failed"; failed=1; }
    "$revpack" cards "$pack" -o "$out/$name/cards.pdf" >"$out/cards.log" 2>&1 \
        || { echo "check_pdfs: $name: cards failed"; cat "$out/cards.log"; failed=1; }
done
count=0
for pdf in $(find "$out" -name '*.pdf' | sort); do
    count=$((count + 1))
    where=${pdf#"$out"/}
    qpdf --check "$pdf" >"$out/qpdf.log" 2>&1
    case $? in
        0) ;;
        3) echo "check_pdfs: $where: qpdf warnings:"; sed 's/^/    /' "$out/qpdf.log" ;;
        *) echo "check_pdfs: $where: qpdf found errors:"; sed 's/^/    /' "$out/qpdf.log"; failed=1 ;;
    esac
    # pdffonts: name type encoding emb sub uni object ID; "emb" is the fifth field from the end.
    unembedded=$(pdffonts "$pdf" | awk 'NR > 2 && $(NF-4) != "yes" { print $1 }')
    if [ -n "$unembedded" ]; then
        echo "check_pdfs: $where: fonts not embedded: $(echo $unembedded)"
        failed=1
    fi
done
if [ "$failed" -ne 0 ]; then
    echo "check_pdfs: FAILED"
    exit 1
fi
echo "check_pdfs: $count PDFs of $(ls -d packs/*/ | wc -l) packs: qpdf --check clean, every font embedded"
