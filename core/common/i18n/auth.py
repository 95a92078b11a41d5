"""The login gate and roles (dashboard/auth.py), and a store at another schema revision."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "auth.title": {"en": "LiveStock: sign in", "zh": "LiveStock 登录"},
    "auth.user": {"en": "Name", "zh": "用户名"},
    "auth.password": {"en": "Password", "zh": "密码"},
    "auth.submit": {"en": "Sign in", "zh": "登录"},
    "auth.oidc": {"en": "Sign in with {provider}", "zh": "使用 {provider} 登录"},
    "auth.wrong": {"en": "Wrong name or password.", "zh": "用户名或密码错误。"},
    "auth.no_role": {"en": "{user} has no role on this dashboard: ask an editor to add you "
                           "to [roles] in .streamlit/secrets.toml.",
                     "zh": "{user} 在此看板没有角色：请编辑人员在 .streamlit/secrets.toml 的 "
                           "[roles] 中添加你。"},
    "auth.signed_in": {"en": "Signed in: {user} · {role}", "zh": "已登录：{user} · {role}"},
    "auth.role.editor": {"en": "editor", "zh": "编辑"},
    "auth.role.viewer": {"en": "viewer (read-only)", "zh": "只读"},
    "auth.logout": {"en": "Sign out", "zh": "退出登录"},
    "auth.open": {"en": "🔓 Open access: no login configured", "zh": "🔓 开放访问：未配置登录"},
    "auth.plain_warning": {"en": "Passwords kept as PLAIN TEXT in secrets.toml for: {users}. "
                                 "Replace each with the output of `livestock hash-password`.",
                           "zh": "secrets.toml 中以下用户的密码是明文：{users}。请用 "
                                 "`livestock hash-password` 的输出替换。"},
    "auth.config_error": {"en": "This dashboard is shut: its login settings cannot be used. "
                                "The administrator finds what is wrong in the server's log.",
                          "zh": "看板已关闭：登录设置无法使用。管理员可在服务器日志中查看原因。"},
    "auth.unverified": {"en": "Your sign-in provider did not confirm your e-mail address, "
                              "so no role can be given: sign out and use an account whose "
                              "e-mail is verified.",
                        "zh": "登录服务商未确认你的邮箱地址，无法分配角色：请退出登录，"
                              "改用邮箱已验证的账号。"},
    "auth.editors_only": {"en": "Only editors may change this: you are signed in as a viewer.",
                          "zh": "只有编辑可以修改：你当前是只读用户。"},
    "auth.read_only": {"en": "Read-only: only editors may change settings.",
                       "zh": "只读：只有编辑可以修改设置。"},
    "store.too_old": {"en": "This store's schema (revision {revision}) is older than this "
                            "LiveStock's ({head}): run `livestock upgrade` on it, then reload "
                            "this page.",
                      "zh": "数据库结构版本（{revision}）比当前 LiveStock（{head}）旧：请先运行 "
                            "`livestock upgrade`，然后刷新本页。"},
    "store.too_new": {"en": "This store was written by a newer LiveStock (schema revision "
                            "{revision}; this one knows up to {head}): upgrade LiveStock.",
                      "zh": "此数据库由更新版本的 LiveStock 写入（结构版本 {revision}，当前版本"
                            "只支持到 {head}）：请升级 LiveStock。"},
}
