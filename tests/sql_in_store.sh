# sql_in_store.sh SOURCE_DIR — only the store knows SQL (issue 15).
#
# Fails when a C file (.c or .h) under src/ other than src/lib/store* holds
# SQL in a string literal (SELECT, INSERT INTO, UPDATE ... SET, DELETE
# FROM, PRAGMA, CREATE TABLE/INDEX/TRIGGER/VIEW; adjacent literals are read
# as one, and comments are skipped), includes sqlite3.h or the store's private
# store_sql_int.h, or names the store's SQL runner (pl_store_exec,
# pl_store_query, pl_store_row_*). Before judging the tree it checks itself
# on two samples: one it must flag, one it must pass.
set -uo pipefail
root=${1:?usage: sql_in_store.sh SOURCE_DIR}
command -v perl >/dev/null || { echo "sql_in_store: perl is needed" >&2; exit 1; }

# Prints "FILE:LINE: WHY" for each offence in the files given.
scan() {
	perl -e '
	my $sql = qr/\b(?:SELECT\s|INSERT\s+(?:OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|PRAGMA\s+\w|CREATE\s+(?:TEMP\s+|TEMPORARY\s+|UNIQUE\s+)?(?:TABLE|INDEX|TRIGGER|VIEW)\b)/;
	for my $file (@ARGV) {
		open(my $fh, "<", $file) or die "sql_in_store: cannot read $file\n";
		local $/;
		my $src = <$fh>;
		close $fh;
		my ($line, $text, $start) = (1, "", 0);
		my $flush = sub {
			print "$file:$start: SQL in a string literal: \"" . substr($text, 0, 60) . "\"\n"
			    if $text =~ $sql;
			$text = "";
			$start = 0;
		};
		while ($src =~ m{\G(?:("(?:[^"\\\n]|\\.)*")|(\x27(?:[^\x27\\\n]|\\.)*\x27)|(/\*.*?\*/)|(//[^\n]*)|(\s+)|([^"\x27/\s]+|/))}gs) {
			my $token = $&;
			if (defined $1) {
				$start ||= $line;
				$text .= substr($1, 1, -1);
			} elsif (!defined $3 && !defined $4 && !defined $5) {
				$flush->();
				if ($token =~ /^(#\s*include\s*[<"](?:sqlite3|store_sql_int)\.h|pl_store_(?:exec|query|row_[a-z_]+)\b)/) {
					print "$file:$line: $1 belongs to the store alone\n";
				}
			}
			$line += ($token =~ tr/\n//);
		}
		$flush->();
	}' "$@"
}

samples=$(mktemp -d) || exit 1
trap 'rm -rf "$samples"' EXIT
cat >"$samples/bad.c" <<'SAMPLE'
static const char *q = "SELECT id, track FROM"
                       " events";
static const char *r = "UPDATE meetings SET date = ?1";
int f(void) { return pl_store_exec(0, 0, r, ""); }
SAMPLE
cat >"$samples/good.c" <<'SAMPLE'
/* DELETE then INSERT: "SELECT a FROM b" in a comment is no query. */
// PRAGMA data_version, in a line comment
static const char *method = "DELETE"; /* an HTTP method */
enum { PL_DIFF_INSERT, R_SELECT };
static const char *url = "http://x/SELECT"; /* a path, not a query */
int pl_store_meeting_count(void);
SAMPLE
bad=$(scan "$samples/bad.c")
if [ "$(grep -c . <<<"$bad")" != 3 ]; then
	echo "sql_in_store: the scanner missed SQL in its sample (found: ${bad:-nothing})" >&2
	exit 1
fi
good=$(scan "$samples/good.c")
if [ -n "$good" ]; then
	echo "sql_in_store: the scanner flagged a sample without SQL:" >&2
	echo "$good" >&2
	exit 1
fi

mapfile -t files < <(find "$root/src" \( -name '*.c' -o -name '*.h' \) \
	! -path "$root/src/lib/store*" | sort)
[ "${#files[@]}" -gt 0 ] || { echo "sql_in_store: no C files under $root/src" >&2; exit 1; }
found=$(scan "${files[@]}")
if [ -n "$found" ]; then
	echo "sql_in_store: SQL outside the store (move it behind a typed function in src/lib/store*.c):"
	sed "s|^$root/||" <<<"$found"
	exit 1
fi
echo "sql_in_store: no SQL in ${#files[@]} C files outside src/lib/store*"
