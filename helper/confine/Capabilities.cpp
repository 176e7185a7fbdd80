#include "Capabilities.h"
