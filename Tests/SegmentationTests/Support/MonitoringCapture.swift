/// A captured event stream in JSON lines: an intrusion into the web pod, between ordinary activity.
///
/// The attacker gets code execution in the web container, reads the cloud credentials from the
/// metadata address, starts a shell, installs a tool and adds a cron entry; meanwhile the host, the
/// image build in `ci` and the web server itself do their usual work.
enum MonitoringCapture {
    static let jsonLines = """
        # web pod: the server reads its configuration and talks to the database
        {"time": "2027-03-01T10:15:00.000Z", "type": "openat", "process": {"name": "node", "exe": "/usr/local/bin/node", "args": ["server.js"], "pid": 7, "parent": "containerd-shim", "ppid": 1, "user": "node", "uid": 1000}, "file": {"path": "/etc/hosts", "flags": ["O_RDONLY", "O_CLOEXEC"]}, "container": {"id": "3f2a9c1b7e44", "name": "web", "image": "registry.example:5000/shop/web:1.4.2", "pod": "web-7d9f6c-x2k4p", "namespace": "shop"}}
        {"time": "2027-03-01T10:15:00.500Z", "type": "connect", "process": {"name": "node", "exe": "/usr/local/bin/node", "args": ["server.js"], "pid": 7, "parent": "containerd-shim", "ppid": 1, "user": "node", "uid": 1000}, "connection": {"proto": "tcp", "cip": "10.244.1.17", "cport": 40112, "sip": "10.96.12.40", "sport": 5432}, "container": {"id": "3f2a9c1b7e44", "name": "web", "image": "registry.example:5000/shop/web:1.4.2", "pod": "web-7d9f6c-x2k4p", "namespace": "shop"}}
        # the attacker's code fetches the node's cloud credentials
        {"time": "2027-03-01T10:15:02.250Z", "type": "connect", "process": {"name": "node", "exe": "/usr/local/bin/node", "args": ["server.js"], "pid": 7, "parent": "containerd-shim", "ppid": 1, "user": "node", "uid": 1000}, "connection": {"proto": "tcp", "cip": "10.244.1.17", "cport": 41822, "sip": "169.254.169.254", "sport": 80}, "container": {"id": "3f2a9c1b7e44", "name": "web", "image": "registry.example:5000/shop/web:1.4.2", "pod": "web-7d9f6c-x2k4p", "namespace": "shop"}}
        # an administrator logs in on the node: a shell on the host is not an alert
        {"time": "2027-03-01T10:15:03.000Z", "type": "execve", "process": {"name": "bash", "exe": "/bin/bash", "args": ["-l"], "pid": 9120, "parent": "sshd", "ppid": 9101, "user": "ops", "uid": 1001}}
        # the attacker opens a shell in the container
        {"time": "2027-03-01T10:15:04.000Z", "type": "execve", "process": {"name": "sh", "exe": "/bin/sh", "args": ["-c", "id; uname -a"], "pid": 31, "parent": "node", "ppid": 7, "user": "node", "uid": 1000}, "container": {"id": "3f2a9c1b7e44", "name": "web", "image": "registry.example:5000/shop/web:1.4.2", "pod": "web-7d9f6c-x2k4p", "namespace": "shop"}}
        # the image build installs packages, as its exception allows
        {"time": "2027-03-01T10:15:05.000Z", "type": "execve", "process": {"name": "apt-get", "exe": "/usr/bin/apt-get", "args": ["install", "-y", "ca-certificates"], "pid": 58, "parent": "sh", "ppid": 41, "user": "root", "uid": 0}, "container": {"id": "a81c0d5e9b10", "name": "kaniko", "image": "gcr.io/kaniko-project/executor:v1.23.0", "pod": "image-build-5xq2z", "namespace": "ci"}}
        # the attacker installs a tool in the web container
        {"time": "2027-03-01T10:15:06.000Z", "type": "execve", "process": {"name": "apk", "exe": "/sbin/apk", "args": ["add", "socat"], "pid": 33, "parent": "sh", "ppid": 31, "user": "root", "uid": 0}, "container": {"id": "3f2a9c1b7e44", "name": "web", "image": "registry.example:5000/shop/web:1.4.2", "pod": "web-7d9f6c-x2k4p", "namespace": "shop"}}
        # and persists through cron
        {"time": "2027-03-01T10:15:07.000Z", "type": "openat", "process": {"name": "sh", "exe": "/bin/sh", "args": ["-c", "echo '* * * * * socat ...' >> /etc/crontabs/root"], "pid": 34, "parent": "sh", "ppid": 31, "user": "root", "uid": 0}, "file": {"path": "/etc/crontabs/root", "flags": ["O_WRONLY", "O_CREAT", "O_APPEND"]}, "container": {"id": "3f2a9c1b7e44", "name": "web", "image": "registry.example:5000/shop/web:1.4.2", "pod": "web-7d9f6c-x2k4p", "namespace": "shop"}}
        # the node renews its certificates: a known writer below /etc
        {"time": "2027-03-01T10:15:08.000Z", "type": "openat", "process": {"name": "update-ca-certificates", "exe": "/usr/sbin/update-ca-certificates", "args": ["--fresh"], "pid": 9300, "parent": "systemd", "ppid": 1, "user": "root", "uid": 0}, "file": {"path": "/etc/ssl/certs/ca-certificates.crt", "flags": ["O_WRONLY", "O_CREAT", "O_TRUNC"]}}
        """
}
