//! `duizhao-cli generate DIR` (hidden, for packaging): the manual pages of `duizhao` and `duizhao-cli` and
//! their bash, zsh and fish completions, written from the same clap definitions the programs parse with, so
//! they never drift from the real options.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to write into (created if needed): `man/*.1`, `completions/{bash,zsh,fish}/…`.
    dir: PathBuf,
}

/// Writes the pages and completions of both programs; `C` is the CLI's own definition.
pub fn run<C: CommandFactory>(args: Args) -> Result<()> {
    for cmd in [C::command(), duizhao::app_args::AppArgs::command()] {
        write_man(&cmd, &args.dir.join("man"))?;
        write_completions(cmd, &args.dir.join("completions"))?;
    }
    Ok(())
}

/// The command's page and one page per subcommand (`duizhao-cli-align.1`, …), as `man` finds them.
fn write_man(cmd: &clap::Command, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = cmd.get_name().to_string();
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut page)?;
    let path = dir.join(format!("{name}.1"));
    std::fs::write(&path, page).with_context(|| format!("cannot write {}", path.display()))?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let sub_name = format!("{name}-{}", sub.get_name());
        let mut page = Vec::new();
        clap_mangen::Man::new(sub.clone().name(sub_name.clone())).render(&mut page)?;
        let path = dir.join(format!("{sub_name}.1"));
        std::fs::write(&path, page).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn write_completions(mut cmd: clap::Command, dir: &Path) -> Result<()> {
    let name = cmd.get_name().to_string();
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        let to = dir.join(shell.to_string());
        std::fs::create_dir_all(&to).with_context(|| format!("cannot create {}", to.display()))?;
        clap_complete::generate_to(shell, &mut cmd, &name, &to)
            .with_context(|| format!("cannot write {shell} completions into {}", to.display()))?;
    }
    Ok(())
}
