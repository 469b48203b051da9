# Runs the README's Python snippet (snippet.py, written beside this file by
# tests/engine/package.spec.ts) under Pulumi's mocks against the generated SDK, and prints what it
# registered: the component's args as the engine receives them.
import json
import pulumi

registered = []


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        registered.append({"type": args.typ, "name": args.name, "inputs": args.inputs})
        return [f"{args.name}-id", args.inputs]

    def call(self, args):
        return {}


pulumi.runtime.set_mocks(Mocks(), preview=False)

import snippet  # noqa: E402


class Cluster(pulumi.ProviderResource):
    def __init__(self):
        super().__init__("kubernetes", "cluster", {})


monitoring = snippet.add_monitoring(Cluster())


@pulumi.runtime.test
def report():
    return monitoring.urn.apply(lambda _: print("REGISTERED " + json.dumps(registered)))


report()
