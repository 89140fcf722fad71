"""Which shop a command works on when the deployment serves several (WAYBILL_SHOPS, docs/shops.md).

Without a registry every command works as before, on the deployment's one shop, and ``--shop`` is
refused (it would name nothing). With one, a command that reads or writes one workspace needs
``--shop <key>``; ``doctor`` checks every shop unless one is named. The shop's settings, secrets and
journal are the ones its functions use (shared/app/shop_config.py), so the command sees what the
shop's tick sees.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from shared.app.config import AppConfig
from shared.app.shop_config import shop_config
from shared.app.shops import MAX_PROBLEMS, ShopRegistry, ShopRegistryError, registry_from_env
from shared.domain.text import Bilingual


class ShopChoiceError(Exception):
    """The command cannot tell which shop: ``text`` says why; ``bad_arguments``: a wrong or missing
    ``--shop`` (exit code 2), otherwise the deployment's registry itself is broken (exit code 1)."""

    def __init__(self, text: Bilingual, bad_arguments: bool = True) -> None:
        super().__init__(text.en)
        self.text, self.bad_arguments = text, bad_arguments

    @property
    def exit_code(self) -> int:
        return 2 if self.bad_arguments else 1


def add_option(parser: argparse.ArgumentParser, every_shop: bool = False) -> None:
    unset_zh = "不填时检查每个店铺" if every_shop else "部署服务多个店铺时必填"
    unset_en = "unset: every shop" if every_shop else "required when the deployment serves several shops"
    parser.add_argument(
        "--shop",
        metavar="KEY",
        help=f"店铺键（WAYBILL_SHOPS 中的键），{unset_zh} / the shop's key in WAYBILL_SHOPS; {unset_en}",
    )


def config_for(env: Mapping[str, str], key: str | None) -> AppConfig:
    """The settings of the one shop the command works on."""
    registry = _registry(env)
    if registry is None:
        if key:
            raise ShopChoiceError(_no_registry(key))
        return AppConfig.from_env(env)
    if not key:
        raise ShopChoiceError(
            Bilingual(
                f"本部署服务多个店铺，请用 --shop 指定其中之一：{'、'.join(registry.keys)}",
                f"this deployment serves several shops; name one with --shop: {', '.join(registry.keys)}",
            )
        )
    return _one(env, registry, key)


def configs_for(env: Mapping[str, str], key: str | None) -> list[tuple[str, AppConfig]]:
    """Every shop's settings (or the named one's), by key; ``[("", config)]`` without a registry."""
    registry = _registry(env)
    if registry is None:
        if key:
            raise ShopChoiceError(_no_registry(key))
        return [("", AppConfig.from_env(env))]
    keys = [key] if key else list(registry.keys)
    return [(k, _one(env, registry, k)) for k in keys]


def _registry(env: Mapping[str, str]) -> ShopRegistry | None:
    try:
        return registry_from_env(env)
    except ShopRegistryError as exc:
        zh = "；".join(p.zh for p in exc.problems[:MAX_PROBLEMS])
        en = "; ".join(p.en for p in exc.problems[:MAX_PROBLEMS])
        raise ShopChoiceError(
            Bilingual(f"WAYBILL_SHOPS 有误：{zh}", f"WAYBILL_SHOPS is invalid: {en}"), bad_arguments=False
        ) from None


def _one(env: Mapping[str, str], registry: ShopRegistry, key: str) -> AppConfig:
    shop = registry.get(key)
    if shop is None:
        raise ShopChoiceError(
            Bilingual(
                f"没有店铺 {key[:40]!r}；本部署的店铺：{'、'.join(registry.keys)}",
                f"no shop {key[:40]!r}; this deployment's shops: {', '.join(registry.keys)}",
            )
        )
    return shop_config(env, shop)


def _no_registry(key: str) -> Bilingual:
    return Bilingual(
        f"本部署只服务一个店铺（没有设置 WAYBILL_SHOPS），--shop {key[:40]!r} 无效",
        f"this deployment serves one shop (WAYBILL_SHOPS is not set): --shop {key[:40]!r} names nothing",
    )
