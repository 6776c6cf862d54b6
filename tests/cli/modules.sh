#!/usr/bin/env bash
# modules.sh PARLEY ROOT — the server, the remote client and Akoma Ntoso are
# modules that only their commands load (src/cli/modules.c): a local
# command loads neither libcurl, libmicrohttpd nor libxml2; 'parley serve',
# a command sent to a server and --format akn do; and a parley whose
# modules are missing says so in one line, naming the file and where it
# looked, instead of failing in the loader.
. "$(dirname "$0")/lib.sh" "$@"
unset PARLEY_SERVER PARLEY_KEY PARLEY_AS
export PARLEY_KEYS="$WORK/keys"

# loaded ARGS...: the shared objects parley loads while running ARGS (the
# dynamic loader's own account of the files it opens).
loaded() { LD_DEBUG=files "$PARLEY" "$@" 2>&1 >/dev/null | grep -o 'file=[^ ]*' | sort -u; }

# --- what each command loads ---------------------------------------------------
"$PARLEY" init --convenor a --party US --party-name "United States" >/dev/null 2>&1
local_libs=$(loaded docs --as a)
if grep -q 'libsqlite3' <<<"$local_libs"; then ok; else bad "a local command: libsqlite3 not seen in LD_DEBUG's list (the check sees nothing)"; fi
if grep -qE 'libcurl|libmicrohttpd|libgnutls|libssl|libxml2|libicu' <<<"$local_libs"; then
  bad "a local command loads libraries it does not use: $(grep -E 'libcurl|libmicrohttpd|libgnutls|libssl|libxml2|libicu' <<<"$local_libs" | tr '\n' ' ')"
else ok; fi
"$PARLEY" import "$ROOT/examples/plan-eu-24.md" --doc plan --as a >/dev/null 2>&1
md_libs=$(loaded show plan --format md --as a)
if grep -q libxml2 <<<"$md_libs"; then bad "show --format md loads libxml2"; else ok; fi
akn_libs=$(loaded show plan --format akn --as a)
if grep -q 'parley-akn.so' <<<"$akn_libs" && grep -q libxml2 <<<"$akn_libs"; then ok; else bad "show --format akn did not load parley-akn.so and libxml2"; fi
serve_libs=$(loaded serve --routes)
if grep -q 'parley-serve.so' <<<"$serve_libs" && grep -q libmicrohttpd <<<"$serve_libs"; then ok; else bad "serve --routes did not load parley-serve.so and libmicrohttpd"; fi
if grep -q libcurl <<<"$serve_libs"; then bad "serve loads libcurl"; else ok; fi
remote_libs=$(loaded --server http://127.0.0.1:1 docs --as a)
if grep -q 'parley-remote.so' <<<"$remote_libs" && grep -q libcurl <<<"$remote_libs"; then ok; else bad "--server did not load parley-remote.so and libcurl"; fi
if grep -q libmicrohttpd <<<"$remote_libs"; then bad "the remote client loads libmicrohttpd"; else ok; fi

# --- a parley without its modules ---------------------------------------------
# A copy of the command alone; its installed module folder may hold modules
# of an installation on this machine, in which case the copy finds those.
alone="$WORK/alone"
mkdir -p "$alone"
cp "$PARLEY" "$alone/parley"
installed=$(strings "$PARLEY" | grep -m1 '/lib.*/parley$' || true)
if [ -n "$installed" ] && [ -e "$installed/parley-serve.so" ]; then
  echo "modules.sh: modules installed in $installed: the missing-module case is not tried"
else
  PARLEY="$alone/parley"
  expect_error 1 "^parley: the server cannot be loaded: parley-serve.so is neither next to this parley \($alone\) nor in .*" -- serve --routes
  expect_error 1 "^parley: the remote client cannot be loaded: parley-remote.so is neither next to this parley \($alone\) nor in .*" -- \
    --server http://127.0.0.1:1 docs --as a
  expect_error 1 "^parley: Akoma Ntoso cannot be loaded: parley-akn.so is neither next to this parley \($alone\) nor in .*" -- \
    show plan --format akn --as a
  # A module that is there but cannot be loaded: the loader's reason.
  printf 'not a shared object\n' >"$alone/parley-serve.so"
  expect_error 1 "^parley: the server cannot be loaded: .*parley-serve.so.*" -- serve --routes
  rm "$alone/parley-serve.so"
  # A local command needs none of them.
  if "$alone/parley" docs --as a >/dev/null 2>"$WORK/err"; then ok; else bad "a local command failed without the modules: $(cat "$WORK/err")"; fi
fi
finish
