// The chain in TypeScript, in the current dialect of the Workload API (the stack sets
// datarobot-workloads:dialect current): a locked artifact and its workload, whose own
// invoke URL stays the same when a new version rolls it over in place.
import * as fs from "fs";
import * as path from "path";

import * as pulumi from "@pulumi/pulumi";
import * as workloads from "@pulumi/datarobot-workloads";

const config = new pulumi.Config();
const appSource = fs.readFileSync(path.join(__dirname, "..", "quickstart", "app.py"), "utf8");

const artifact = new workloads.Artifact("hello", {
    status: "locked",
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
                        readinessProbe: { path: "/healthz", port: 8080, initialDelaySeconds: 0, periodSeconds: 1 },
                    },
                ],
            },
        ],
    },
});

const workload = new workloads.Workload("hello", {
    artifactId: artifact.id,
    artifactRevision: artifact.specRevision,
    artifactStatus: artifact.status,
    importance: "high",
    runtime: { replicaCount: 1 },
});

export const artifact_id = artifact.id;
export const artifact_version = artifact.version;
export const repository_id = artifact.repositoryId;
export const workload_id = workload.id;
export const workload_status = workload.status;
export const invoke_url = workload.invokeUrl;
