#!/usr/bin/env bash
# services.sh starts the local services the tests talk to, when they are not
# already running: PostgreSQL (127.0.0.1:5432, trust auth) and the Mosquitto
# MQTT broker (127.0.0.1:1883). Safe to run any number of times.
set -euo pipefail

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! pg_isready -q -h 127.0.0.1; then
	echo "services: starting PostgreSQL"
	# shellcheck disable=SC2046 # one cluster version directory, e.g. 15
	pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start || true
	for _ in $(seq 60); do
		pg_isready -q -h 127.0.0.1 && break
		sleep 0.5
	done
	pg_isready -h 127.0.0.1 || { echo "services: PostgreSQL did not start" >&2; exit 1; }
fi

if command -v mosquitto >/dev/null && ! listening 1883; then
	echo "services: starting Mosquitto"
	mosquitto -d -c /etc/mosquitto/mosquitto.conf
	for _ in $(seq 20); do
		listening 1883 && break
		sleep 0.25
	done
	listening 1883 || echo "services: Mosquitto did not start; MQTT tests may fail" >&2
fi
