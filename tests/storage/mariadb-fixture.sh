#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Starts or stops a private MariaDB server for the tests: its own data
# directory, socket and pid file under DIR, listening on 127.0.0.1:PORT only.
#   mariadb-fixture.sh start DIR PORT DATABASE USER PASSWORD
#   mariadb-fixture.sh stop  DIR
#   mariadb-fixture.sh resume DIR PORT   (starts a stopped server again, data kept)
# The test user may create and drop databases whose names start with DATABASE,
# so that tests can begin from an empty schema. With openssl installed the
# server also speaks TLS, with a certificate for 127.0.0.1 signed by
# DIR/tls/ca.pem (DIR/tls/other-ca.pem is a CA that did not sign it).
set -euo pipefail

action=${1:?usage: $0 start|stop|resume DIR [PORT DATABASE USER PASSWORD]}
dir=${2:?missing DIR}
socket="$dir/mysqld.sock"
pidfile="$dir/mysqld.pid"

find_tool() {
    local name
    for name in "$@"; do
        if command -v "$name" >/dev/null 2>&1; then
            command -v "$name"
            return 0
        fi
        for prefix in /usr/sbin /usr/bin /usr/local/sbin /usr/local/bin; do
            if [[ -x "$prefix/$name" ]]; then
                echo "$prefix/$name"
                return 0
            fi
        done
    done
    return 1
}

stop_server() {
    [[ -f "$pidfile" ]] || return 0
    local pid
    pid=$(cat "$pidfile" 2>/dev/null || true)
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 1 300); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "mariadb-fixture: server $pid did not stop within 30 s, killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$pidfile"
}

# Starts mariadbd on the data directory in $dir and waits until it answers.
run_server() {
    local port=$1
    local mariadbd client
    mariadbd=$(find_tool mariadbd mysqld) || {
        echo "mariadb-fixture: mariadbd not found; install it with: apt-get install mariadb-server" >&2
        exit 1
    }
    client=$(find_tool mariadb mysql) || {
        echo "mariadb-fixture: the mariadb client not found; install it with: apt-get install mariadb-client" >&2
        exit 1
    }
    local user_options=()
    if [[ $(id -u) -eq 0 ]]; then
        user_options=(--user=root)
    fi
    local tls_options=()
    if [[ -f "$dir/tls/server-cert.pem" ]]; then
        tls_options=(--ssl-ca="$dir/tls/ca.pem" --ssl-cert="$dir/tls/server-cert.pem"
            --ssl-key="$dir/tls/server-key.pem")
    fi
    "$mariadbd" --no-defaults --datadir="$dir/data" "${user_options[@]}" \
        --socket="$socket" --pid-file="$pidfile" --port="$port" \
        --bind-address=127.0.0.1 --skip-name-resolve \
        --innodb-buffer-pool-size=1G --innodb-log-file-size=512M \
        --max-allowed-packet=64M --local-infile=0 "${tls_options[@]}" \
        --log-error="$dir/server.log" >/dev/null 2>&1 &
    local server_pid=$!

    for _ in $(seq 1 300); do
        if "$client" --no-defaults --socket="$socket" -uroot -e "SELECT 1" >/dev/null 2>&1; then
            break
        fi
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "mariadb-fixture: mariadbd exited during start-up, see $dir/server.log:" >&2
            tail -n 20 "$dir/server.log" >&2
            exit 1
        fi
        sleep 0.1
    done
    if ! "$client" --no-defaults --socket="$socket" -uroot -e "SELECT 1" >/dev/null 2>&1; then
        echo "mariadb-fixture: mariadbd did not accept connections within 30 s, see $dir/server.log" >&2
        stop_server
        exit 1
    fi
}

case "$action" in
stop)
    stop_server
    echo "mariadb-fixture: stopped the server in $dir"
    ;;
resume)
    port=${3:?missing PORT}
    [[ -d "$dir/data" ]] || {
        echo "mariadb-fixture: no data directory in $dir; use start first" >&2
        exit 1
    }
    stop_server
    run_server "$port"
    echo "mariadb-fixture: MariaDB listening on 127.0.0.1:$port again (pid $(cat "$pidfile"))"
    ;;
start)
    port=${3:?missing PORT}
    database=${4:?missing DATABASE}
    user=${5:?missing USER}
    password=${6:?missing PASSWORD}
    install_db=$(find_tool mariadb-install-db mysql_install_db) || {
        echo "mariadb-fixture: mariadb-install-db not found; install it with: apt-get install mariadb-server" >&2
        exit 1
    }
    client=$(find_tool mariadb mysql) || {
        echo "mariadb-fixture: the mariadb client not found; install it with: apt-get install mariadb-client" >&2
        exit 1
    }

    # A server left over from an interrupted run would hold the port.
    stop_server
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "mariadb-fixture: something already listens on 127.0.0.1:$port; stop it or configure" \
            "another port with cmake -DMEMTAP_TEST_MARIADB_PORT=<port>" >&2
        exit 1
    fi
    rm -rf "$dir/data"
    mkdir -p "$dir/data"

    user_options=()
    if [[ $(id -u) -eq 0 ]]; then
        user_options=(--user=root)
    fi

    if command -v openssl >/dev/null 2>&1; then
        tls="$dir/tls"
        rm -rf "$tls"
        mkdir -p "$tls"
        if ! (
            cd "$tls"
            openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=memtap test CA" \
                -keyout ca-key.pem -out ca.pem
            openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=another CA" \
                -keyout other-ca-key.pem -out other-ca.pem
            openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
                -keyout server-key.pem -out server.csr
            printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > server.ext
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
                -days 2 -extfile server.ext -out server-cert.pem
        ) >"$dir/tls.log" 2>&1; then
            rm -f "$tls/server-cert.pem"
            echo "mariadb-fixture: could not make TLS certificates (see $dir/tls.log); TLS is off" >&2
        fi
    fi

    if ! "$install_db" --no-defaults --datadir="$dir/data" "${user_options[@]}" \
        --auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1; then
        echo "mariadb-fixture: mariadb-install-db failed, see $dir/install.log:" >&2
        tail -n 20 "$dir/install.log" >&2
        exit 1
    fi

    run_server "$port"

    # Identifiers cannot be bound; these come from the build's cache variables.
    "$client" --no-defaults --socket="$socket" -uroot <<SQL
CREATE DATABASE \`$database\`;
CREATE USER '$user'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER '$user'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`${database//_/\\_}%\`.* TO '$user'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`${database//_/\\_}%\`.* TO '$user'@'localhost';
SQL
    echo "mariadb-fixture: MariaDB listening on 127.0.0.1:$port (pid $(cat "$pidfile"))"
    ;;
*)
    echo "usage: $0 start|stop|resume DIR [PORT DATABASE USER PASSWORD]" >&2
    exit 2
    ;;
esac
