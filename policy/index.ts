// The alloy-monitoring policy pack: `pulumi preview --policy-pack policy` (README, "Policies").
import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./policies";

new PolicyPack("alloy-monitoring", { policies: POLICIES });
