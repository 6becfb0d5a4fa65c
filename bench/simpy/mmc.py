#!/usr/bin/python3
"""M/M/c in SimPy 3, process style: the peer that @stormglass/bench compares the kernel with.

The model is the textbook SimPy one on purpose (a source process spawning one process per
customer, a Resource with `servers` slots), because that is how SimPy users write it.
Times are in seconds. Only `env.run()` is timed: interpreter start-up and imports are not
part of the simulator's speed.

Needs SimPy 3 (Debian's python3-simpy3 imports only under /usr/bin/python3).

    /usr/bin/python3 bench/simpy/mmc.py --servers 4 --arrival-rate 32 \
        --service-mean 0.1 --customers 1000000 --seed 42

prints one JSON line:
{"customers":..,"wallS":..,"meanWaitS":..,"meanResponseS":..,"simpyVersion":..,"python":..}
"""

import argparse
import json
import platform
import random
import sys
import time

import simpy


class Totals:
    """Running sums only: keeping a list per customer would measure list growth, not SimPy."""

    __slots__ = ("served", "wait_sum", "response_sum")

    def __init__(self):
        self.served = 0
        self.wait_sum = 0.0
        self.response_sum = 0.0


def customer(env, servers, service_rng, service_rate, totals):
    arrival = env.now
    with servers.request() as req:
        yield req
        wait = env.now - arrival
        # Drawn when service starts, as the Stormglass model does.
        yield env.timeout(service_rng.expovariate(service_rate))
    totals.served += 1
    totals.wait_sum += wait
    totals.response_sum += env.now - arrival


def source(env, servers, arrival_rng, arrival_rate, service_rng, service_rate, customers, totals):
    # Like the Stormglass model, the first arrival comes one inter-arrival time after 0.
    for _ in range(customers):
        yield env.timeout(arrival_rng.expovariate(arrival_rate))
        env.process(customer(env, servers, service_rng, service_rate, totals))


def positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text}")
    return value


def positive_float(text):
    value = float(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {text}")
    return value


def main(argv):
    parser = argparse.ArgumentParser(description="M/M/c in SimPy 3 (process style); prints one JSON line.")
    parser.add_argument("--servers", type=positive_int, required=True, help="c, number of servers")
    parser.add_argument("--arrival-rate", type=positive_float, required=True, help="lambda, arrivals per second")
    parser.add_argument("--service-mean", type=positive_float, required=True, help="1/mu, mean service time in seconds")
    parser.add_argument("--customers", type=positive_int, required=True, help="customers to generate")
    parser.add_argument("--seed", type=int, required=True, help="root seed")
    args = parser.parse_args(argv)

    # Two named streams, as in Stormglass, so service draws do not depend on arrival draws.
    # A string seed is hashed (SHA-512) by random.seed, so this is reproducible across runs.
    arrival_rng = random.Random(f"{args.seed}/mmc/arrivals")
    service_rng = random.Random(f"{args.seed}/mmc/service")

    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=args.servers)
    totals = Totals()
    env.process(source(env, servers, arrival_rng, args.arrival_rate, service_rng,
                       1.0 / args.service_mean, args.customers, totals))

    start = time.perf_counter()
    env.run()
    wall_s = time.perf_counter() - start

    served = totals.served
    print(json.dumps({
        "customers": served,
        "wallS": wall_s,
        "meanWaitS": totals.wait_sum / served if served else None,
        "meanResponseS": totals.response_sum / served if served else None,
        "simpyVersion": simpy.__version__,
        "python": platform.python_version(),
    }, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
