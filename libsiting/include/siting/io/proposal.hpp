// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reading a developer's proposals (review/proposal.hpp): the phase polygons
// and the planned facilities, from one layer holding both or from two.
//
//   VectorLayer estates = VectorLayer::open(source);
//   auto fac = proposal_facilities_source(estates, "");   // a "facilities" layer beside it?
//   std::optional<VectorLayer> f; if (fac) f = VectorLayer::open(*fac);
//   std::vector<review::Proposal> p = read_proposals(estates, f ? &*f : nullptr, options);

#include <optional>
#include <string>
#include <vector>

#include "siting/io/layer.hpp"
#include "siting/io/readers.hpp"
#include "siting/review/proposal.hpp"

namespace siting::io {

// Where a proposal's facilities are when they are a layer of their own:
// `layer` when given, else the first layer of the estates' dataset named as
// role_layer_names(Role::ProposalFacilities) gives; nullopt when they are the
// points of the estates layer itself. The source has no attribute filter.
std::optional<LayerSource> proposal_facilities_source(const VectorLayer& estates, const std::string& layer);

// Reads every proposal of `estates` (phases, and facilities too when they share
// the layer) and of `facilities` when that is a layer of its own. Facilities are
// matched to proposals by a proposal-id field, else by the phase polygon that
// contains them, else to the only proposal. Throws siting::Error.
std::vector<review::Proposal> read_proposals(const VectorLayer& estates, const VectorLayer* facilities,
                                             const ReadOptions& options);

}  // namespace siting::io
