// SPDX-License-Identifier: Apache-2.0
#pragma once

// A fault to inject for tests: the checks before a commit cannot foresee every
// failed move (a full disk, a file another program holds), and the rollback
// after one must still leave the folder as it was.

namespace siting::io::detail {

// From now on, the n-th move of each commit fails (n >= 1); 0 turns it off.
void fail_commit_move_for_testing(int n);

}  // namespace siting::io::detail
