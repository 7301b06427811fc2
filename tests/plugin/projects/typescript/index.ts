// A chain and two lookups, through the plugin installed by `pulumi package add`, which
// generated `@pulumi/datarobot-workloads` (getArtifact, getDeploymentStats, ...).
import * as fs from "fs";
import * as path from "path";

import * as workloads from "@pulumi/datarobot-workloads";

const appSource = fs.readFileSync(path.join(__dirname, "app.py"), "utf8");

const artifact = new workloads.Artifact("hello", {
    status: "registered",
    spec: {
        containerGroups: [
            {
                containers: [
                    {
                        name: "app",
                        imageUri: "registry.local/app:1",
                        port: 8080,
                        entrypoint: ["python3", "-c", appSource],
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
});
const deployment = new workloads.Deployment("hello", {
    workloadId: workload.id,
    artifactStatus: workload.artifactStatus,
});

const found = workloads.getArtifactOutput({ id: artifact.id });
const stats = workloads.getDeploymentStatsOutput({ id: deployment.id });

export const artifact_id = artifact.id;
export const deployment_id = deployment.id;
export const invoke_url = deployment.endpoint;
export const found_artifact_version = found.version;
export const found_artifact_status = found.status;
export const stats_period = stats.period;
