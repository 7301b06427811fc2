// The quickstart chain (registered artifact, running workload, deployment) in TypeScript,
// through the datarobot-workloads plugin's generated SDK (`pulumi package add`, see
// README.md). Same resources, inputs and outputs as examples/quickstart (Python) and
// examples/yaml; the values that change between steps come from stack config.
import * as fs from "fs";
import * as path from "path";

import * as pulumi from "@pulumi/pulumi";
import * as workloads from "@pulumi/datarobot-workloads";

const config = new pulumi.Config();
// The same tiny HTTP app as the Python quickstart.
const appSource = fs.readFileSync(path.join(__dirname, "..", "quickstart", "app.py"), "utf8");

const artifact = new workloads.Artifact("hello", {
    description: "Quickstart: a tiny JSON echo service",
    status: "registered", // draft until registered; registered artifacts are immutable
    spec: {
        containerGroups: [
            {
                containers: [
                    {
                        name: "app",
                        imageUri: config.require("imageUri"),
                        port: 8080,
                        entrypoint: ["python3", "-c", appSource],
                        environmentVars: [{ name: "GREETING", value: config.require("greeting") }],
                        resourceRequest: { cpu: 0.5, memory: 512 * 1024 ** 2 }, // bytes
                        readinessProbe: { path: "/healthz", port: 8080, initialDelaySeconds: 0, periodSeconds: 1 },
                    },
                ],
            },
        ],
    },
});

const workload = new workloads.Workload("hello", {
    artifactId: artifact.id,
    // What the Python SDK's `artifact=` wires: restart onto a changed draft spec, and let
    // preview see whether the artifact is registered.
    artifactRevision: artifact.specRevision,
    artifactStatus: artifact.status,
    runtime: { replicaCount: 1 },
});

const deployment = new workloads.Deployment("hello", {
    workloadId: workload.id,
    artifactStatus: workload.artifactStatus,
    description: "Quickstart deployment",
    // A value of a fixed set is an enum type in the generated SDK: name it for config.
    importance: config.require<workloads.Importance>("importance"),
});

export const artifact_id = artifact.id;
export const artifact_version = artifact.version;
export const workload_id = workload.id;
export const workload_status = workload.status;
export const deployment_id = deployment.id;
export const invoke_url = deployment.endpoint;
