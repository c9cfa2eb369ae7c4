#include "api/v1/routes.hpp"

#include "api/v1/projects.hpp"
#include "api/v1/root.hpp"

namespace stackd::api::v1 {

void RegisterAll(Dispatcher& dispatcher) {
    RegisterRoot(dispatcher);
    RegisterProjects(dispatcher);
}

}  // namespace stackd::api::v1
