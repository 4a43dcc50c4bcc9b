fetch("/users/ada", { method: "POST", body: "{}" });
fetch(`/users/${name}/avatar`, { method: "PUT" });
